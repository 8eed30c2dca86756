import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** A JSON-schema node of a CRD's openAPIV3Schema (the parts the checks read). */
interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

export interface CrdCheck {
  /** Schema violations, as `path: message`. */
  errors(obj: unknown): string[];
  /** Paths of fields the schema does not define (the API server prunes them silently, so they are mistakes). */
  unknownFields(obj: unknown): string[];
}

/**
 * Checks objects against one served version of a CustomResourceDefinition, as the API server would: ajv
 * for the OpenAPI v3 schema (its `x-kubernetes-*` keywords are not evaluated: CEL rules, list types), and a
 * walk for fields the schema does not declare (the API server prunes them silently, so they are mistakes).
 */
export function crdCheck(crdFile: string, version: string): CrdCheck {
  const crd = parse(readFileSync(crdFile, 'utf8')) as {
    spec: { versions: { name: string; schema: { openAPIV3Schema: SchemaNode } }[] };
  };
  const served = crd.spec.versions.find((v) => v.name === version);
  if (!served) throw new Error(`${crdFile} has no version ${version}`);
  const schema = served.schema.openAPIV3Schema;
  // strict: false lets ajv pass over the Kubernetes extensions it does not know.
  const validate: ValidateFunction = new Ajv({ strict: false, allErrors: true }).compile(schema);
  return {
    errors(obj) {
      if (validate(obj)) return [];
      return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '(the object)'}: ${e.message}`);
    },
    unknownFields(obj) {
      return undeclared(obj, schema, '');
    },
  };
}

function undeclared(value: unknown, schema: SchemaNode | undefined, path: string): string[] {
  if (!schema || value === null || typeof value !== 'object') return [];
  if (schema['x-kubernetes-preserve-unknown-fields']) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => undeclared(v, schema.items, `${path}[${i}]`));
  const found: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const declared = schema.properties?.[key];
    const here = path ? `${path}.${key}` : key;
    if (declared) found.push(...undeclared(v, declared, here));
    else if (typeof schema.additionalProperties === 'object')
      found.push(...undeclared(v, schema.additionalProperties, here));
    else if (schema.additionalProperties !== true && schema.properties) found.push(here);
  }
  return found;
}
