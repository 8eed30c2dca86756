import { join } from 'node:path';
import {
  AGENCY_CODE_PATTERN,
  AgencyStreams,
  agencySource,
  deadLetterTopic,
  EVENT_CATALOG,
  JSON_CONTENT_TYPE,
  ServiceTopics,
} from '@dxhub/contracts';
import {
  AGENCY_PARAMETER,
  ASYNCAPI_VERSION,
  CONTRACTS_SOURCE,
  DEAD_LETTER_MESSAGE,
  EXAMPLE_AGENCY_CODE,
  SECURITY_SCHEME,
} from './asyncapi-constants';
import {
  type AsyncApiBuildOptions,
  type AsyncApiChannel,
  type AsyncApiDocument,
  type AsyncApiMessage,
  type AsyncApiOperation,
  type CatalogEntry,
} from './asyncapi-model';
import {
  agencyTopicTemplate,
  capitalize,
  channelId,
  findWorkspaceRoot,
  readPackageVersion,
  servicesNamed,
  sourcesNamed,
  writersOfTopic,
} from './asyncapi-names';
import { readClassDocs } from './class-docs';
import { type DescribedEvent, deadLetterMessage, describeEvent, envelopeDescription } from './event-messages';

/*
 * Builds the AsyncAPI 3.0.0 description of DX Hub's events from libs/contracts (and the dead-letter headers
 * of libs/messaging): topics from topics.ts, events from EVENT_CATALOG, payload schemas from the
 * class-validator metadata of the payload classes, and property descriptions from their JSDoc. Nothing here names an event, so a new catalog
 * entry (or topic, or stream) shows up in docs/asyncapi.yaml by itself. A class-validator rule this file
 * has no JSON Schema mapping for fails the build loudly rather than producing a schema looser than the code.
 */

// The parts, one concept each: the document model (asyncapi-model), its constants and names (asyncapi-constants,
// asyncapi-names), each event's message (event-messages), its payload's JSON Schema from class-validator metadata
// (payload-schema) and the JSDoc it is described with (class-docs). This file assembles them.
export * from './asyncapi-model';
export { type ClassDocs, readClassDocs } from './class-docs';
export { DHIS2_PERIOD_PATTERN, payloadSchema } from './payload-schema';
export { findWorkspaceRoot } from './asyncapi-names';

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
