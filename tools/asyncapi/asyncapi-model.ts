import { type EventRoute } from '@dxhub/contracts';

/* The AsyncAPI 3.0.0 document model, as far as the generator emits it. */

/** The subset of JSON Schema (draft-07, as AsyncAPI schemas are) this generator emits. */
export interface JsonSchema {
  title?: string;
  description?: string;
  type?: JsonType | JsonType[];
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  examples?: unknown[];
}
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** What the generator needs of a catalog entry; every `EVENT_CATALOG` value is one. */
export interface CatalogEntry {
  type: string;
  version: number;
  payload: new () => object;
  route: EventRoute;
  keyProperty: string;
  summary: string;
  description: string;
  example: object;
}

export interface Ref {
  $ref: string;
}

export interface AsyncApiChannel {
  address: string;
  title: string;
  description: string;
  parameters?: Record<string, Ref>;
  messages: Record<string, Ref>;
}

export interface AsyncApiOperation {
  action: 'send' | 'receive';
  channel: Ref;
  title: string;
  summary?: string;
  description: string;
  messages: Ref[];
}

export interface AsyncApiMessageExample {
  name: string;
  summary: string;
  headers: Record<string, string>;
  payload: unknown;
}

export interface AsyncApiMessage {
  name: string;
  title: string;
  summary: string;
  description: string;
  contentType: string;
  headers: JsonSchema;
  payload: JsonSchema;
  examples?: AsyncApiMessageExample[];
  bindings: { kafka: { key: JsonSchema; bindingVersion: string } };
  'x-key'?: string;
  'x-event-version'?: number;
  'x-payload-class'?: string;
}

export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string };
  servers: Record<string, Record<string, unknown>>;
  defaultContentType: string;
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, AsyncApiOperation>;
  components: {
    messages: Record<string, AsyncApiMessage>;
    parameters: Record<string, { description: string; examples: string[] }>;
    securitySchemes: Record<string, { type: string; description: string }>;
  };
}

export interface AsyncApiBuildOptions {
  /** Defaults to every entry of `EVENT_CATALOG`. */
  catalog?: readonly CatalogEntry[];
  /** Workspace root (holds package.json and libs/contracts); found from this file's location by default. */
  rootDir?: string;
}
