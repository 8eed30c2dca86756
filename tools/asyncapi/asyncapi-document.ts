import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  AGENCY_CODE_PATTERN,
  type AgencyStream,
  AgencyStreams,
  agencySource,
  agencyTopic,
  CLOUD_EVENTS_SPEC_VERSION,
  CloudEventHeaders,
  DEAD_LETTER_SUFFIX,
  deadLetterTopic,
  EVENT_CATALOG,
  type EventRoute,
  JSON_CONTENT_TYPE,
  parseAgencyTopic,
  RejectionCodes,
  SERVICE_TOPIC_WRITERS,
  type ServiceTopic,
  ServiceTopics,
  serviceSource,
  STRUCTURED_CONTENT_TYPE,
} from '@dxhub/contracts';
import { DeadLetterHeaders } from '@dxhub/messaging';
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
import * as ts from 'typescript';

// @Type metadata (the class of a nested payload) sits in a store class-transformer does not export from its root.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof TransformerStorage;

/*
 * Builds the AsyncAPI 3.0.0 description of DX Hub's events from libs/contracts (and the dead-letter headers
 * of libs/messaging): topics from topics.ts, events from EVENT_CATALOG, payload schemas from the
 * class-validator metadata of the payload classes, and property descriptions from their JSDoc. Nothing here names an event, so a new catalog
 * entry (or topic, or stream) shows up in docs/asyncapi.yaml by itself. A class-validator rule this file
 * has no JSON Schema mapping for fails the build loudly rather than producing a schema looser than the code.
 */

// ── Types ──────────────────────────────────────────────────────────────────────────────────────────

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

// ── Constants of the document (not of any event) ───────────────────────────────────────────────────

const ASYNCAPI_VERSION = '3.0.0';
/** Kafka bindings version understood by every AsyncAPI 3.0.0 toolchain. */
const KAFKA_BINDING_VERSION = '0.4.0';
const AGENCY_PARAMETER = 'agencyCode';
const DEAD_LETTER_MESSAGE = 'DeadLetter';
const SECURITY_SCHEME = 'scramSha512';
const CONTRACTS_SOURCE = join('libs', 'contracts', 'src');

// Illustrative values for examples only; nothing is validated against them.
const EXAMPLE_AGENCY_CODE = 'STTTT';
const EXAMPLE_EVENT_ID = '6f1c2b9e-3d4a-4c57-9e8f-0a1b2c3d4e5f';
const EXAMPLE_EVENT_TIME = '2025-01-15T03:04:05Z';

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

/** One line per CloudEvents header; typed by CloudEventHeaders so a new header cannot go undocumented. */
const CLOUD_EVENT_HEADER_DOCS: { [K in keyof typeof CloudEventHeaders]: { required: boolean; schema: JsonSchema } } = {
  SPEC_VERSION: {
    required: true,
    schema: { type: 'string', const: CLOUD_EVENTS_SPEC_VERSION, description: 'CloudEvents specification version.' },
  },
  ID: {
    required: true,
    schema: {
      type: 'string',
      pattern: '\\S',
      description:
        'Unique per source, and the idempotency key: an event whose id was seen before (a redelivery or a re-send) ' +
        'has no further effect.',
    },
  },
  SOURCE: {
    required: true,
    schema: { type: 'string', description: 'Who published the event (set per message below).' },
  },
  TYPE: { required: true, schema: { type: 'string', description: 'The event type (set per message below).' } },
  TIME: {
    required: false,
    schema: {
      type: 'string',
      format: 'date-time',
      description: 'RFC 3339 time the fact occurred; orders facts about the same thing.',
    },
  },
  SUBJECT: { required: false, schema: { type: 'string', description: 'Optional CloudEvents subject.' } },
  DATA_SCHEMA: { required: false, schema: { type: 'string', description: 'Optional URI of the payload schema.' } },
  CONTENT_TYPE: {
    required: false,
    schema: {
      type: 'string',
      pattern: `^${escapeRegExp(JSON_CONTENT_TYPE)}\\s*(;.*)?$`,
      description:
        `The platform writes \`${JSON_CONTENT_TYPE}\`; readers ignore parameters such as \`charset\` and read a ` +
        `record without the header as JSON too. A record with \`${STRUCTURED_CONTENT_TYPE}\` is read in structured ` +
        'mode instead (the whole envelope as the body).',
    },
  },
};

/** One line per dead-letter header; typed by DeadLetterHeaders so a new header cannot go undocumented. */
const DEAD_LETTER_HEADER_DOCS: { [K in keyof typeof DeadLetterHeaders]: JsonSchema } = {
  REASON: {
    type: 'string',
    description: 'Why the record was rejected, in one line naming every failed rule (length-capped).',
  },
  REASON_CODE: {
    type: 'string',
    enum: Object.values(RejectionCodes),
    description: 'The rejection as a stable code (RejectionCodes): filter and alert on this, not on the message.',
  },
  ERROR_CLASS: {
    type: 'string',
    description: 'For `processing-failed` and `retries-exhausted`: the error class, e.g. `QueryFailedError 54000`.',
  },
  ORIGINAL_TOPIC: { type: 'string', description: 'Topic the record was read from.' },
  ORIGINAL_PARTITION: { type: 'string', pattern: '^\\d+$', description: 'Partition it was read from (decimal).' },
  ORIGINAL_OFFSET: { type: 'string', pattern: '^\\d+$', description: 'Offset it had there (decimal).' },
  CONSUMER_GROUP: { type: 'string', description: 'Consumer group that rejected it.' },
  FAILED_AT: { type: 'string', format: 'date-time', description: 'When it was rejected (ISO 8601, UTC).' },
  TRUNCATED: {
    type: 'string',
    description:
      'Present when the letter could not carry the original whole: the parts cut (`value`, `key`, `headers`).',
  },
  ORIGINAL_SIZE: { type: 'string', pattern: '^\\d+$', description: 'With a cut value: its length in bytes.' },
  ORIGINAL_SHA256: {
    type: 'string',
    pattern: '^[0-9a-f]{64}$',
    description: 'With a cut value: the SHA-256 of the whole original value (hex).',
  },
};

// ── The document ───────────────────────────────────────────────────────────────────────────────────

/** The AsyncAPI 3.0.0 document of every event in the catalog. Deterministic: same contracts, same document. */
export function buildAsyncApiDocument(options: AsyncApiBuildOptions = {}): AsyncApiDocument {
  const rootDir = options.rootDir ?? findWorkspaceRoot();
  const catalog: readonly CatalogEntry[] = options.catalog ?? Object.values(EVENT_CATALOG);
  const docs = readClassDocs(join(rootDir, CONTRACTS_SOURCE));

  const events = catalog.map((entry) => describeEvent(entry, docs));
  const channels: Record<string, AsyncApiChannel> = {};
  const operations: Record<string, AsyncApiOperation> = {};
  const messages: Record<string, AsyncApiMessage> = {};

  const addChannel = (channel: AsyncApiChannel & { id: string }, carried: DescribedEvent[], deadLetters: boolean) => {
    const { id, ...body } = channel;
    channels[id] = body;
    for (const event of carried) {
      body.messages[event.key] = { $ref: `#/components/messages/${event.key}` };
      messages[event.key] = event.message;
      const messageRef = { $ref: `#/channels/${id}/messages/${event.key}` };
      operations[`send${event.key}`] = { ...event.send, channel: { $ref: `#/channels/${id}` }, messages: [messageRef] };
      operations[`receive${event.key}`] = {
        ...event.receive,
        channel: { $ref: `#/channels/${id}` },
        messages: [messageRef],
      };
    }
    if (!deadLetters) return;
    const dlqId = `${id}Dlq`;
    channels[dlqId] = {
      address: deadLetterTopic(body.address),
      title: `Dead letters of ${body.address}`,
      description:
        `Records a consumer of \`${body.address}\` could not accept, kept byte for byte with \`dx_dlq_*\` headers ` +
        'saying why.',
      ...(body.parameters ? { parameters: body.parameters } : {}),
      messages: { [DEAD_LETTER_MESSAGE]: { $ref: `#/components/messages/${DEAD_LETTER_MESSAGE}` } },
    };
    operations[`deadLetter${capitalize(id)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${dlqId}` },
      title: `Dead-letter a record of ${body.address}`,
      description:
        `A platform consumer that cannot accept a record of \`${body.address}\` (not a CloudEvent, an unknown type, ` +
        `an invalid payload${body.parameters ? ', a `ce_source` that is not the topic’s agency' : ''}, …) writes it ` +
        'here unchanged and moves on.',
      messages: [{ $ref: `#/channels/${dlqId}/messages/${DEAD_LETTER_MESSAGE}` }],
    };
  };

  // Agency streams: one parameterised channel per stream; the platform consumes all of them, so each has a DLQ.
  for (const stream of Object.values(AgencyStreams)) {
    const address = agencyTopicTemplate(stream);
    const carried = events.filter((e) => e.entry.route.kind === 'agency' && e.entry.route.stream === stream);
    addChannel(
      {
        id: channelId(address),
        address,
        title: `Agency stream: ${stream}`,
        description:
          `Each agency’s own \`${stream}\` topic. An agency may write only the topics of its own code (the broker’s ` +
          `ACLs hold it to that), and \`ce_source\` must be \`${agencySource(`{${AGENCY_PARAMETER}}`)}\` of that same ` +
          `agency.${carried.length === 0 ? ' No event type is defined for this stream yet.' : ''}`,
        parameters: { [AGENCY_PARAMETER]: { $ref: `#/components/parameters/${AGENCY_PARAMETER}` } },
        messages: {},
      },
      carried,
      true,
    );
  }

  // Service topics: written by one service each; a DLQ wherever there is something to consume.
  for (const topic of Object.values(ServiceTopics)) {
    const carried = events.filter((e) => e.entry.route.kind === 'service' && e.entry.route.topic === topic);
    const writers = writersOfTopic(topic);
    addChannel(
      {
        id: channelId(topic),
        address: topic,
        title: `Service topic: ${topic}`,
        description:
          `Written by the ${servicesNamed(writers)} only (\`ce_source\` ${sourcesNamed(writers)}).` +
          (carried.length === 0 ? ' No event type is defined for this topic yet.' : ''),
        messages: {},
      },
      carried,
      carried.length > 0,
    );
  }

  messages[DEAD_LETTER_MESSAGE] = deadLetterMessage();

  return {
    asyncapi: ASYNCAPI_VERSION,
    info: {
      title: 'DX Hub events',
      version: readPackageVersion(rootDir),
      description: envelopeDescription(events),
    },
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        title: 'Local broker',
        description:
          'The single-node KRaft broker the repository’s script (infra/kafka) starts for development and CI. ' +
          'No TLS, no authentication.',
      },
      production: {
        host: 'kafka.dxhub.example:9094',
        protocol: 'kafka-secure',
        title: 'Production cluster (placeholder host)',
        description:
          'Placeholder: the real bootstrap servers come with each deployment (KAFKA_BROKERS). TLS with SASL ' +
          'SCRAM-SHA-512; every agency has a principal of its own whose ACLs allow writing only its own topics.',
        security: [{ $ref: `#/components/securitySchemes/${SECURITY_SCHEME}` }],
      },
    },
    defaultContentType: JSON_CONTENT_TYPE,
    channels,
    operations,
    components: {
      messages,
      parameters: {
        [AGENCY_PARAMETER]: {
          description:
            `Code of the agency that owns the topic; must match \`${AGENCY_CODE_PATTERN.source}\` (upper-case ` +
            'letters and digits, as in the agency register). It is part of the topic name and of the broker ACL prefix.',
          examples: [EXAMPLE_AGENCY_CODE],
        },
      },
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'scramSha512',
          description: 'SASL/SCRAM-SHA-512 over TLS; one principal per agency and per service.',
        },
      },
    },
  };
}

// ── Events ─────────────────────────────────────────────────────────────────────────────────────────

interface DescribedEvent {
  entry: CatalogEntry;
  /** Component and operation id, e.g. `IndicatorValueReportedV1`. */
  key: string;
  message: AsyncApiMessage;
  send: Omit<AsyncApiOperation, 'channel' | 'messages'>;
  receive: Omit<AsyncApiOperation, 'channel' | 'messages'>;
}

function describeEvent(entry: CatalogEntry, docs: Map<string, ClassDocs>): DescribedEvent {
  const words = entry.type
    .replace(/^dx\./, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const key = `${words.map(capitalize).join('')}V${entry.version}`;
  const title = `${capitalize(words.join(' '))} (v${entry.version})`;
  const payload = payloadSchema(entry.payload, docs.get(entry.payload.name));
  const keySchema = payload.properties?.[entry.keyProperty];
  if (!keySchema) {
    throw new Error(
      `${entry.type}: key property '${entry.keyProperty}' is not a validated property of ${entry.payload.name}`,
    );
  }

  const agency = entry.route.kind === 'agency';
  const topic = entry.route.kind === 'agency' ? agencyTopicTemplate(entry.route.stream) : entry.route.topic;
  const writers = agency ? [] : writersOfTopic(topic);
  const source = agency
    ? {
        type: 'string' as const,
        pattern: `^${escapeRegExp(agencySource('\u0000')).replace('\u0000', unanchored(AGENCY_CODE_PATTERN))}$`,
        description: `\`${agencySource(`<${AGENCY_PARAMETER}>`)}\`; must be the agency whose topic this is.`,
      }
    : { type: 'string' as const, description: `${sourcesNamed(writers)}, the writing service.` };

  const headerProperties: Record<string, JsonSchema> = {};
  const requiredHeaders: string[] = [];
  for (const [name, header] of Object.entries(CloudEventHeaders) as [keyof typeof CloudEventHeaders, string][]) {
    const doc = CLOUD_EVENT_HEADER_DOCS[name];
    headerProperties[header] =
      name === 'SOURCE'
        ? source
        : name === 'TYPE'
          ? { type: 'string', const: entry.type, description: 'The event type.' }
          : doc.schema;
    if (doc.required) requiredHeaders.push(header);
  }

  const exampleHeaders: Record<string, string> = {
    [CloudEventHeaders.SPEC_VERSION]: CLOUD_EVENTS_SPEC_VERSION,
    [CloudEventHeaders.ID]: EXAMPLE_EVENT_ID,
    [CloudEventHeaders.SOURCE]: agency ? agencySource(EXAMPLE_AGENCY_CODE) : serviceSource(writers[0] ?? 'example'),
    [CloudEventHeaders.TYPE]: entry.type,
    [CloudEventHeaders.TIME]: EXAMPLE_EVENT_TIME,
    [CloudEventHeaders.CONTENT_TYPE]: JSON_CONTENT_TYPE,
  };

  const message: AsyncApiMessage = {
    name: entry.type,
    title,
    summary: entry.summary,
    description: entry.description,
    contentType: JSON_CONTENT_TYPE,
    headers: {
      description: 'Kafka headers of the binary content mode (CloudEvents Kafka protocol binding).',
      type: 'object',
      required: requiredHeaders,
      properties: headerProperties,
    },
    payload,
    examples: [
      {
        name: 'example',
        summary: 'A valid event (the catalog’s example payload).',
        headers: exampleHeaders,
        payload: entry.example,
      },
    ],
    bindings: {
      kafka: {
        key: {
          type: 'string',
          ...(keySchema.pattern ? { pattern: keySchema.pattern } : {}),
          description:
            `The payload’s \`${entry.keyProperty}\` (UTF-8): messages with the same ${entry.keyProperty} share a ` +
            'partition, so they are read in the order they were written.',
        },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    'x-key': entry.keyProperty,
    'x-event-version': entry.version,
    'x-payload-class': entry.payload.name,
  };

  const send = agency
    ? {
        action: 'send' as const,
        title: `An agency publishes ${entry.type}`,
        summary: entry.summary,
        description:
          `An agency sends this to its own topic \`${topic}\` with \`ce_source\` ` +
          `\`${agencySource(`{${AGENCY_PARAMETER}}`)}\` and the key \`${entry.keyProperty}\`.`,
      }
    : {
        action: 'send' as const,
        title: `The ${servicesNamed(writers)} ${writers.length === 1 ? 'publishes' : 'publish'} ${entry.type}`,
        summary: entry.summary,
        description: `The ${servicesNamed(writers)} ${writers.length === 1 ? 'writes' : 'write'} this to \`${topic}\`, keyed by \`${entry.keyProperty}\`.`,
      };
  const receive = {
    action: 'receive' as const,
    title: `Platform consumers read ${entry.type}`,
    description:
      'Consumers check the envelope and validate the payload against its contract before any effect; a record that ' +
      `fails goes to \`${deadLetterTopic(topic)}\`. An event whose \`ce_id\` was seen before has no further effect.`,
  };
  return { entry, key, message, send, receive };
}

function deadLetterMessage(): AsyncApiMessage {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, header] of Object.entries(DeadLetterHeaders) as [keyof typeof DeadLetterHeaders, string][]) {
    properties[header] = DEAD_LETTER_HEADER_DOCS[name];
  }
  return {
    name: 'dead-letter',
    title: 'Dead letter',
    summary: 'A record a consumer could not accept, kept byte for byte.',
    description:
      'The original key, value and headers of the rejected record, unchanged (the value need not be JSON, nor ' +
      'even UTF-8), plus the `dx_dlq_*` headers below. To replay one, fix the cause and publish the original ' +
      'value again with the original headers; the same `ce_id` still counts once.',
    contentType: 'application/octet-stream',
    headers: {
      description: 'The original record’s headers, plus these.',
      type: 'object',
      required: Object.values(DeadLetterHeaders),
      properties,
    },
    payload: { description: 'The original record value, unchanged.' },
    bindings: {
      kafka: {
        key: { type: 'string', description: 'The original record key, unchanged.' },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

function envelopeDescription(events: DescribedEvent[]): string {
  const h = CloudEventHeaders;
  const dlqHeaders = Object.values(DeadLetterHeaders)
    .map((name) => `\`${name}\``)
    .join(', ');
  const index = events
    .map(({ entry }) => {
      const where = entry.route.kind === 'agency' ? agencyTopicTemplate(entry.route.stream) : entry.route.topic;
      return `- \`${entry.type}\` v${entry.version} on \`${where}\`, keyed by \`${entry.keyProperty}\`: ${entry.summary}`;
    })
    .join('\n');
  return [
    'Every DX Hub event is a CloudEvents 1.0 event carried over the CloudEvents Kafka protocol binding.',
    `**Binary mode** is what the platform writes: the attributes travel as Kafka headers (\`${h.SPEC_VERSION}\`, ` +
      `\`${h.ID}\`, \`${h.SOURCE}\`, \`${h.TYPE}\`, \`${h.TIME}\`, …), the payload is the UTF-8 JSON body, and ` +
      `\`${h.CONTENT_TYPE}\` is \`${JSON_CONTENT_TYPE}\`. The messages below describe this mode. **Structured mode** ` +
      `is accepted too: \`${h.CONTENT_TYPE}: ${STRUCTURED_CONTENT_TYPE}\` with the whole envelope (\`specversion\`, ` +
      '`id`, `source`, `type`, `time`, `data`) as the JSON body and the payload under `data`.',
    [
      `- \`${h.ID}\` is the idempotency key everywhere: an event whose id was seen before has no further effect, so ` +
        'publishers may safely re-send.',
      `- \`${h.SOURCE}\` names the publisher: \`${agencySource('<code>')}\` for an agency, ` +
        `\`${serviceSource('<name>')}\` for a platform service. On an agency topic ` +
        `(\`${agencyTopicTemplate(Object.values(AgencyStreams)[0]).replace(`{${AGENCY_PARAMETER}}`, '<code>')}\`, …) ` +
        'it must be that same agency: the consumer checks the claim against the topic.',
      `- \`${h.TIME}\` (RFC 3339) is when the fact occurred; it orders facts about the same thing.`,
      '- Keys and ordering: every message is keyed by one payload property (`x-key`, and `bindings.kafka.key`). ' +
        'Messages with the same key share a partition and are read in the order they were written.',
      `- Dead letters: a consumer that cannot accept a record writes it unchanged (key, value, headers) to ` +
        `\`<topic>${DEAD_LETTER_SUFFIX}\`, adding ${dlqHeaders}, and moves on.`,
      '- Topic names and event types are public API: they are never renamed; a breaking change gets a new event version.',
    ].join('\n'),
    `Events:\n\n${index}`,
  ].join('\n\n');
}

// ── Payload schemas from class-validator metadata ──────────────────────────────────────────────────

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

// ── JSDoc of the contract classes ──────────────────────────────────────────────────────────────────

export interface ClassDocs {
  description?: string;
  /** Declared properties in source order. */
  order: string[];
  properties: Map<string, string>;
}

/** JSDoc of every class declared under `dir` (spec files excepted), by class name. */
export function readClassDocs(dir: string): Map<string, ClassDocs> {
  const result = new Map<string, ClassDocs>();
  const inherits = new Map<string, string>();
  for (const file of listTypeScriptFiles(dir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name || result.has(statement.name.text)) continue;
      const docs: ClassDocs = { description: jsDocText(statement), order: [], properties: new Map() };
      for (const member of statement.members) {
        if (!ts.isPropertyDeclaration(member) || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)))
          continue;
        docs.order.push(member.name.text);
        const text = jsDocText(member);
        if (text) docs.properties.set(member.name.text, text);
      }
      const parent = statement.heritageClauses
        ?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)
        ?.types[0]?.expression.getText(source);
      result.set(statement.name.text, docs);
      if (parent) inherits.set(statement.name.text, parent);
    }
  }
  // A contract class that extends another documents the inherited properties first, as class-validator lists them.
  const merged = new Map<string, ClassDocs>();
  const resolveDocs = (name: string): ClassDocs | undefined => {
    if (merged.has(name)) return merged.get(name);
    const own = result.get(name);
    const parentName = inherits.get(name);
    const parent = parentName ? resolveDocs(parentName) : undefined;
    const docs =
      own && parent
        ? {
            description: own.description,
            order: [...parent.order, ...own.order],
            properties: new Map([...parent.properties, ...own.properties]),
          }
        : own;
    if (docs) merged.set(name, docs);
    return docs;
  };
  for (const name of result.keys()) resolveDocs(name);
  return merged;
}

function listTypeScriptFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return listTypeScriptFiles(path);
      return name.endsWith('.ts') && !/\.(spec|integration-spec|e2e-spec|d)\.ts$/.test(name) ? [path] : [];
    });
}

/** The JSDoc closest to a node, as Markdown: lines of a paragraph joined, paragraphs kept. */
function jsDocText(node: ts.Node): string | undefined {
  const jsDocs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = jsDocs[jsDocs.length - 1];
  const text = last ? ts.getTextOfJSDocComment(last.comment) : undefined;
  if (!text) return undefined;
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

// ── Helpers ────────────────────────────────────────────────────────────────────────────────────────

/** The directory holding package.json and libs/contracts, from the source tree or from dist/. */
export function findWorkspaceRoot(start: string = __dirname): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, CONTRACTS_SOURCE, 'event-catalog.ts')))
      return dir;
    if (dirname(dir) === dir)
      throw new Error(`no workspace root (package.json and ${CONTRACTS_SOURCE}) above ${start}`);
  }
}

function readPackageVersion(rootDir: string): string {
  const pkg = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error(`${join(rootDir, 'package.json')} has no version`);
  return pkg.version;
}

/**
 * `dx.agency.{agencyCode}.<stream>`. topics.ts owns the layout: build a real topic with a placeholder code
 * and put the parameter in its place.
 */
function agencyTopicTemplate(stream: AgencyStream): string {
  const placeholder = 'AGENCYCODE';
  const topic = agencyTopic(placeholder, stream);
  if (parseAgencyTopic(topic)?.agencyCode !== placeholder) throw new Error(`cannot template agency topic ${topic}`);
  return topic.split(placeholder).join(`{${AGENCY_PARAMETER}}`);
}

/** The services writing a service topic (SERVICE_TOPIC_WRITERS), or the topic itself when it names none. */
function writersOfTopic(topic: string): readonly string[] {
  return SERVICE_TOPIC_WRITERS[topic as ServiceTopic] ?? [topic];
}

/** `indicators service`, `indicators and tasks services`. */
function servicesNamed(services: readonly string[]): string {
  return services.length === 1
    ? `${services[0]} service`
    : `${services.slice(0, -1).join(', ')} and ${services[services.length - 1]} services`;
}

/** `` `/services/indicators` ``, `` `/services/indicators` or `/services/tasks` ``. */
function sourcesNamed(services: readonly string[]): string {
  return services.map((s) => `\`${serviceSource(s)}\``).join(' or ');
}

/** AsyncAPI ids are `[A-Za-z0-9_-]`: `dx.agency.{agencyCode}.indicator-values` → `dxAgencyIndicatorValues`. */
function channelId(address: string): string {
  const words = address
    .replace(/\{[^}]*\}/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : capitalize(w))).join('');
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern's source without its anchors, to embed in a larger pattern (grouped if it has alternatives). */
function unanchored(pattern: RegExp): string {
  const inner = pattern.source.replace(/^\^/, '').replace(/\$$/, '');
  return inner.includes('|') ? `(?:${inner})` : inner;
}

function rank(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i === -1 ? Number.MAX_SAFE_INTEGER : i;
}
