import type { JsonSchema } from './asyncapi-model';

/*
 * A JSON Schema checker for exactly the keywords the generator emits, so the specs prove each example and payload
 * against the schema the document publishes. A keyword it does not implement throws: a new keyword needs a check.
 */

const ANNOTATIONS = new Set(['title', 'description', 'examples']);
const ASSERTIONS = new Set([
  'type',
  'const',
  'enum',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'required',
  'properties',
  'additionalProperties',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'items',
  'minItems',
  'maxItems',
]);
const FORMATS: Record<string, (value: string) => boolean> = {
  'date-time': (v) =>
    /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
};

/** Every way `value` fails `schema`; throws on a keyword this checker does not implement. */
export function schemaErrors(schema: JsonSchema, value: unknown, path = '$'): string[] {
  for (const keyword of Object.keys(schema)) {
    if (!ANNOTATIONS.has(keyword) && !ASSERTIONS.has(keyword))
      throw new Error(`the checker does not implement '${keyword}' (${path})`);
  }
  const errors: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, t))) errors.push(`${path}: not of type ${types.join(' or ')}`);
  }
  if ('const' in schema && !sameJson(value, schema.const)) errors.push(`${path}: not ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.some((e) => sameJson(e, value)))
    errors.push(`${path}: not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
      errors.push(`${path}: does not match ${schema.pattern}`);
    if (schema.format !== undefined) {
      const check = FORMATS[schema.format];
      if (!check) throw new Error(`the checker does not implement format '${schema.format}' (${path})`);
      if (!check(value)) errors.push(`${path}: not format ${schema.format}`);
    }
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength)
      errors.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && length > schema.maxLength)
      errors.push(`${path}: longer than ${schema.maxLength}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: above ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      errors.push(`${path}: not above ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      errors.push(`${path}: not below ${schema.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      errors.push(`${path}: more than ${schema.maxItems} items`);
    if (schema.items)
      value.forEach((item, i) => errors.push(...schemaErrors(schema.items as JsonSchema, item, `${path}[${i}]`)));
  }
  if (isPlainObject(value)) {
    for (const name of schema.required ?? []) if (!(name in value)) errors.push(`${path}: no ${name}`);
    for (const [name, child] of Object.entries(value)) {
      const property = schema.properties?.[name];
      if (property) errors.push(...schemaErrors(property, child, `${path}.${name}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: unknown property ${name}`);
    }
  }
  for (const sub of schema.allOf ?? []) errors.push(...schemaErrors(sub, value, path));
  if (schema.anyOf && !schema.anyOf.some((sub) => schemaErrors(sub, value, path).length === 0))
    errors.push(`${path}: matches none of anyOf`);
  if (schema.oneOf) {
    const matches = schema.oneOf.filter((sub) => schemaErrors(sub, value, path).length === 0).length;
    if (matches !== 1) errors.push(`${path}: matches ${matches} of oneOf, not exactly 1`);
  }
  if (schema.not && schemaErrors(schema.not, value, path).length === 0)
    errors.push(`${path}: matches a schema it must not`);
  return errors;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    default:
      return typeof value === type;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
