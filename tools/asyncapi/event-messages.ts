import {
  AGENCY_CODE_PATTERN,
  AgencyStreams,
  agencySource,
  CLOUD_EVENTS_SPEC_VERSION,
  CloudEventHeaders,
  DEAD_LETTER_SUFFIX,
  deadLetterTopic,
  JSON_CONTENT_TYPE,
  RejectionCodes,
  serviceSource,
  STRUCTURED_CONTENT_TYPE,
} from '@dxhub/contracts';
import { DeadLetterHeaders } from '@dxhub/messaging';
import {
  AGENCY_PARAMETER,
  EXAMPLE_AGENCY_CODE,
  EXAMPLE_EVENT_ID,
  EXAMPLE_EVENT_TIME,
  KAFKA_BINDING_VERSION,
} from './asyncapi-constants';
import { type AsyncApiMessage, type AsyncApiOperation, type CatalogEntry, type JsonSchema } from './asyncapi-model';
import {
  agencyTopicTemplate,
  capitalize,
  escapeRegExp,
  servicesNamed,
  sourcesNamed,
  unanchored,
  writersOfTopic,
} from './asyncapi-names';
import { type ClassDocs } from './class-docs';
import { payloadSchema } from './payload-schema';

/* Each event's AsyncAPI message (headers, payload, examples, operations), the dead-letter message and the envelope. */

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

export interface DescribedEvent {
  entry: CatalogEntry;
  /** Component and operation id, e.g. `IndicatorValueReportedV1`. */
  key: string;
  message: AsyncApiMessage;
  send: Omit<AsyncApiOperation, 'channel' | 'messages'>;
  receive: Omit<AsyncApiOperation, 'channel' | 'messages'>;
}

export function describeEvent(entry: CatalogEntry, docs: Map<string, ClassDocs>): DescribedEvent {
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

export function deadLetterMessage(): AsyncApiMessage {
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

export function envelopeDescription(events: DescribedEvent[]): string {
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
