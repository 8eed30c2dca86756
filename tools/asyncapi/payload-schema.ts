import type * as TransformerStorage from 'class-transformer/types/storage';
import {
  ARRAY_MAX_SIZE,
  ARRAY_MIN_SIZE,
  getMetadataStorage,
  IS_ARRAY,
  IS_BOOLEAN,
  IS_DATE_STRING,
  IS_ENUM,
  IS_IN,
  IS_INT,
  IS_ISO8601,
  IS_NEGATIVE,
  IS_NUMBER,
  IS_OBJECT,
  IS_POSITIVE,
  IS_STRING,
  IS_UUID,
  MATCHES,
  MAX,
  MAX_LENGTH,
  MIN,
  MIN_LENGTH,
  ValidationTypes,
} from 'class-validator';
import { type JsonSchema, type JsonType } from './asyncapi-model';
import { rank } from './asyncapi-names';
import { type ClassDocs } from './class-docs';

// @Type metadata (the class of a nested payload) sits in a store class-transformer does not export from its root.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof TransformerStorage;

/** The DHIS2 period notation as a JSON Schema pattern; @dxhub/periods also bounds the year. */
export const DHIS2_PERIOD_PATTERN = /^(\d{4}|\d{4}S[12]|\d{4}Q[1-4]|\d{4}(0[1-9]|1[0-2]))$/;
const DHIS2_PERIOD_DESCRIPTION =
  'Period in DHIS2 notation: `2024` (year), `2024S1` (half-year), `2024Q3` (quarter), `202407` (month). ' +
  'The platform also rejects implausible years (see libs/periods).';

/** Names of the custom rules of libs/contracts/src/validation (their `ValidateBy` names). */
const CONTRACT_RULES = {
  DHIS2_PERIOD: 'isDhis2Period',
  FINITE_NUMBER_IF_PRESENT: 'isFiniteNumberIfPresent',
  EXACTLY_ONE_SHAPE_OF: 'exactlyOneShapeOf',
} as const;

/*
 * Payload schemas from class-validator metadata: each rule of a payload class becomes its JSON Schema keyword. A
 * rule with no mapping here fails the build rather than producing a schema looser than the code.
 */

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

interface RuleMapping {
  /** The rule passes for an absent property, so it does not make the property required. */
  acceptsUndefined?: boolean;
  apply(schema: JsonSchema, constraints: unknown[], where: string): void;
}

/** class-validator rule name → what it means in JSON Schema. */
const RULES: Record<string, RuleMapping> = {
  [IS_STRING]: { apply: (s, _c, w) => setType(s, 'string', w) },
  [MATCHES]: {
    apply: (s, [pattern, modifiers], w) => {
      setType(s, 'string', w);
      const source = pattern instanceof RegExp ? pattern.source : String(pattern);
      const flags = pattern instanceof RegExp ? pattern.flags : typeof modifiers === 'string' ? modifiers : '';
      if (flags.replace('u', '') !== '')
        throw new Error(`${w}: regular-expression flags '${flags}' have no JSON Schema form`);
      setOnce(s, 'pattern', source, w);
    },
  },
  [IS_NUMBER]: {
    apply: (s, [options], w) => {
      if ((options as { maxDecimalPlaces?: number } | undefined)?.maxDecimalPlaces !== undefined) {
        throw new Error(`${w}: IsNumber's maxDecimalPlaces has no JSON Schema mapping here`);
      }
      setType(s, 'number', w);
    },
  },
  [IS_INT]: { apply: (s, _c, w) => setType(s, 'integer', w) },
  [MIN]: {
    apply: (s, [min], w) => {
      setType(s, 'number', w);
      setOnce(s, 'minimum', min as number, w);
    },
  },
  [MAX]: {
    apply: (s, [max], w) => {
      setType(s, 'number', w);
      setOnce(s, 'maximum', max as number, w);
    },
  },
  [IS_POSITIVE]: {
    apply: (s, _c, w) => {
      setType(s, 'number', w);
      setOnce(s, 'exclusiveMinimum', 0, w);
    },
  },
  [IS_NEGATIVE]: {
    apply: (s, _c, w) => {
      setType(s, 'number', w);
      setOnce(s, 'exclusiveMaximum', 0, w);
    },
  },
  [IS_BOOLEAN]: { apply: (s, _c, w) => setType(s, 'boolean', w) },
  [IS_OBJECT]: { apply: (s, _c, w) => setType(s, 'object', w) },
  [IS_ARRAY]: { apply: (s, _c, w) => setType(s, 'array', w) },
  [ARRAY_MAX_SIZE]: {
    apply: (s, [n], w) => {
      setType(s, 'array', w);
      setOnce(s, 'maxItems', n as number, w);
    },
  },
  [ARRAY_MIN_SIZE]: {
    apply: (s, [n], w) => {
      setType(s, 'array', w);
      setOnce(s, 'minItems', n as number, w);
    },
  },
  [IS_IN]: { apply: (s, [values], w) => setOnce(s, 'enum', [...(values as unknown[])], w) },
  [IS_ENUM]: {
    apply: (s, [entity], w) => {
      const record = entity as Record<string, unknown>;
      setOnce(s, 'enum', [...new Set(Object.keys(record).map((k) => record[k]))], w);
    },
  },
  [IS_ISO8601]: {
    apply: (s, _c, w) => {
      setType(s, 'string', w);
      setOnce(s, 'format', 'date-time', w);
    },
  },
  [IS_DATE_STRING]: {
    apply: (s, _c, w) => {
      setType(s, 'string', w);
      setOnce(s, 'format', 'date-time', w);
    },
  },
  [IS_UUID]: {
    apply: (s, _c, w) => {
      setType(s, 'string', w);
      setOnce(s, 'format', 'uuid', w);
    },
  },
  [MIN_LENGTH]: {
    apply: (s, [n], w) => {
      setType(s, 'string', w);
      setOnce(s, 'minLength', n as number, w);
    },
  },
  [MAX_LENGTH]: {
    apply: (s, [n], w) => {
      setType(s, 'string', w);
      setOnce(s, 'maxLength', n as number, w);
    },
  },
  [CONTRACT_RULES.DHIS2_PERIOD]: {
    apply: (s, _c, w) => {
      setType(s, 'string', w);
      setOnce(s, 'pattern', DHIS2_PERIOD_PATTERN.source, w);
      s.description ??= DHIS2_PERIOD_DESCRIPTION;
    },
  },
  [CONTRACT_RULES.FINITE_NUMBER_IF_PRESENT]: { acceptsUndefined: true, apply: (s, _c, w) => setType(s, 'number', w) },
  // A class-level rule that happens to sit on a property: handled by payloadSchema as a `oneOf`.
  [CONTRACT_RULES.EXACTLY_ONE_SHAPE_OF]: { acceptsUndefined: true, apply: () => undefined },
};

/**
 * The JSON Schema of a payload class, read from the same class-validator metadata `validatePayload` checks
 * against (with `forbidNonWhitelisted`, hence `additionalProperties: false`).
 */
export function payloadSchema(payloadClass: new () => object, docs?: ClassDocs): JsonSchema {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(payloadClass, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of metadata) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  // Source order where the JSDoc reader saw the class, else the order class-validator registered them.
  const registered = [...byProperty.keys()];
  const order = docs?.order ?? [];
  const names = [...registered].sort(
    (a, b) => rank(order, a) - rank(order, b) || registered.indexOf(a) - registered.indexOf(b),
  );

  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const nullable = new Set<string>();
  const shapeRules: string[][][] = [];

  for (const name of names) {
    const where = `${payloadClass.name}.${name}`;
    const rules = byProperty.get(name) ?? [];
    const schema: JsonSchema = {};
    const doc = docs?.properties.get(name);
    if (doc) schema.description = doc;
    let optional = false;
    let isNullable = false;
    let forcedRequired = false;
    let rejectsUndefined = false;

    for (const rule of rules) {
      if (rule.type === ValidationTypes.NESTED_VALIDATION) {
        // @ValidateNested with class-transformer's @Type: the nested class's own schema (per item with each).
        const nested = defaultMetadataStorage.findTypeMetadata(payloadClass, name)?.typeFunction() as
          (new () => object) | undefined;
        if (!nested) throw new Error(`${where}: @ValidateNested needs @Type(() => TheClass) for its schema`);
        if (rule.each) schema.items = payloadSchema(nested);
        else Object.assign(schema, payloadSchema(nested));
        rejectsUndefined = true;
        continue;
      }
      if (rule.each) {
        // A rule for every element: it shapes `items` and says the property is an array.
        const mapping = rule.type === ValidationTypes.CUSTOM_VALIDATION && rule.name ? RULES[rule.name] : undefined;
        if (!mapping)
          throw new Error(`${where}: no JSON Schema mapping for the element rule '${rule.name ?? rule.type}'`);
        setType(schema, 'array', where);
        schema.items ??= {};
        mapping.apply(schema.items, rule.constraints ?? [], `${where}[]`);
        if (!rule.validateIf) rejectsUndefined = true;
        continue;
      }
      if (rule.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        // @IsOptional skips every rule for null and undefined; @ValidateIf is assumed to mean "when present"
        // (the schema applies its rules whenever the property is there).
        optional = true;
        if (rule.name === 'isOptional') isNullable = true;
      } else if (rule.type === ValidationTypes.IS_DEFINED) {
        forcedRequired = true;
      } else if (rule.type === ValidationTypes.WHITELIST) {
        // @Allow: the property may be there, with no rule.
      } else if (rule.type === ValidationTypes.CUSTOM_VALIDATION && rule.name && RULES[rule.name]) {
        const mapping = RULES[rule.name];
        mapping.apply(schema, rule.constraints ?? [], where);
        // A per-rule `validateIf` makes that rule conditional, so it cannot make the property required.
        if (!mapping.acceptsUndefined && !rule.validateIf) rejectsUndefined = true;
        if (rule.name === CONTRACT_RULES.EXACTLY_ONE_SHAPE_OF) shapeRules.push(rule.constraints as string[][]);
      } else {
        throw new Error(
          `${where}: no JSON Schema mapping for the class-validator rule '${rule.name ?? rule.type}'; ` +
            'add one to RULES in tools/asyncapi/asyncapi-document.ts',
        );
      }
    }
    if (optional && rules.some((r) => r.name === CONTRACT_RULES.EXACTLY_ONE_SHAPE_OF)) {
      // class-validator skips a conditional property's rules when it is absent, shape rule included.
      throw new Error(`${where}: an exactlyOneShapeOf rule on an optional property is never checked when it is absent`);
    }
    if (isNullable) {
      if (schema.type) schema.type = [schema.type as JsonType, 'null'];
      if (schema.enum) schema.enum = [...schema.enum, null];
      nullable.add(name);
    }
    properties[name] = schema;
    if (forcedRequired || (!optional && rejectsUndefined)) required.push(name);
  }

  const result: JsonSchema = { title: payloadClass.name };
  if (docs?.description) result.description = docs.description;
  result.type = 'object';
  if (required.length > 0) result.required = required;
  result.properties = properties;
  result.additionalProperties = false;
  const shapes = shapeRules.map((rule) => ({ oneOf: exactlyOneShape(rule, nullable) }));
  if (shapes.length === 1) result.oneOf = shapes[0].oneOf;
  if (shapes.length > 1) result.allOf = shapes;
  return result;
}

/**
 * `exactlyOneShapeOf`: one shape complete and no property of another shape present (null counts as absent).
 * Each branch requires its shape and forbids the other shapes' properties, so the branches exclude each other.
 */
function exactlyOneShape(shapes: string[][], nullable: Set<string>): JsonSchema[] {
  const present = (p: string): JsonSchema =>
    nullable.has(p) ? { required: [p], properties: { [p]: { not: { type: 'null' } } } } : { required: [p] };
  return shapes.map((shape) => {
    const others = [...new Set(shapes.flat())].filter((p) => !shape.includes(p));
    const branch: JsonSchema = { required: [...shape] };
    const nonNull = shape.filter((p) => nullable.has(p));
    if (nonNull.length > 0) branch.properties = Object.fromEntries(nonNull.map((p) => [p, { not: { type: 'null' } }]));
    if (others.length > 0) branch.not = { anyOf: others.map(present) };
    return branch;
  });
}

function setType(schema: JsonSchema, type: JsonType, where: string): void {
  const current = schema.type;
  if (current === undefined || current === type) schema.type = type;
  else if ((current === 'number' && type === 'integer') || (current === 'integer' && type === 'number'))
    schema.type = 'integer';
  else throw new Error(`${where}: rules disagree on the type (${String(current)} and ${type})`);
}

function setOnce<K extends keyof JsonSchema>(schema: JsonSchema, key: K, value: JsonSchema[K], where: string): void {
  if (schema[key] !== undefined && JSON.stringify(schema[key]) !== JSON.stringify(value)) {
    throw new Error(`${where}: two rules set '${key}' differently; combine them in the contract`);
  }
  schema[key] = value;
}
