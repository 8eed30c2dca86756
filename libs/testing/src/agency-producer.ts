import { Clock } from '@dxhub/calendar';
import { loadConfig } from '@dxhub/config';
import { type ConsumedRecord, KafkaConfig, KafkaGateway, readRecords } from '@dxhub/messaging';
import { randomUUID } from 'node:crypto';
import { testKafkaBrokers } from './test-environment';

/*
 * Tests play the agencies, which are outside the platform: they publish raw records (headers, key and body
 * exactly as a test wrote them, hostile ones included) to physical topic names, through the messaging lib's
 * gateway, the one place kafkajs is used.
 */

/** Where and as whom a test client connects; the default is the PLAINTEXT test broker, anonymously. */
export interface TestKafkaConnection {
  brokers: string[];
  sasl?: { mechanism: 'scram-sha-512'; username: string; password: string };
}

/** The validated Kafka config of a test client: physical topic names (no prefix), the given connection. */
export function testKafkaConfig(connection?: TestKafkaConnection): KafkaConfig {
  return loadConfig(KafkaConfig, {
    KAFKA_BROKERS: (connection?.brokers ?? testKafkaBrokers()).join(','),
    KAFKA_TOPIC_PREFIX: '',
    ...(connection?.sasl
      ? {
          KAFKA_SASL_MECHANISM: connection.sasl.mechanism,
          KAFKA_SASL_USERNAME: connection.sasl.username,
          KAFKA_SASL_PASSWORD: connection.sasl.password,
        }
      : {}),
  });
}

/** A gateway for tests, quiet: tests assert on errors, they do not read the client's log. */
export function testGateway(clientId: string, connection?: TestKafkaConnection): KafkaGateway {
  return new KafkaGateway(testKafkaConfig(connection), clientId, { level: 'nothing' });
}

export interface AgencyMessage {
  key: string | null;
  value: string | Buffer | null;
  headers: Record<string, string | Buffer>;
}

const clock = new Clock();

/** Binary-mode CloudEvent headers of an agency report; `time` is now unless given. */
export function agencyReportHeaders(
  agency: string,
  id: string = randomUUID(),
  time: string = clock.now().toISOString(),
): Record<string, string> {
  return {
    ce_specversion: '1.0',
    ce_id: id,
    ce_source: `/agencies/${agency}`,
    ce_type: 'dx.indicator-value.reported',
    ce_time: time,
    'content-type': 'application/json',
  };
}

export class AgencyProducer {
  private constructor(private readonly gateway: KafkaGateway) {}

  static async connect(clientId = 'test-agency', connection?: TestKafkaConnection): Promise<AgencyProducer> {
    const gateway = testGateway(clientId, connection);
    await gateway.ping();
    return new AgencyProducer(gateway);
  }

  /** Sends to a physical topic, in order. */
  async send(topic: string, messages: AgencyMessage[]): Promise<void> {
    await this.gateway.send(messages.map((record) => ({ topic, record })));
  }

  async close(): Promise<void> {
    await this.gateway.close();
  }
}

export type { ConsumedRecord };

/** Reads a topic from the beginning until `count` records arrived (or the timeout passed). */
export async function readTopic(
  topic: string,
  count: number,
  timeoutMs = 30000,
  connection?: TestKafkaConnection,
): Promise<ConsumedRecord[]> {
  return readTopicUntil(topic, (records) => records.length >= count, timeoutMs, connection);
}

/** Reads a topic from the beginning until `enough` holds for the records read so far (or the timeout passed). */
export async function readTopicUntil(
  topic: string,
  enough: (records: ConsumedRecord[]) => boolean,
  timeoutMs = 30000,
  connection?: TestKafkaConnection,
): Promise<ConsumedRecord[]> {
  const gateway = testGateway('test-reader', connection);
  try {
    return await readRecords(gateway, topic, { until: enough, timeoutMs });
  } finally {
    await gateway.close();
  }
}

/** Reads a topic from the beginning to the high-water marks it has now. */
export async function readTopicToEnd(
  topic: string,
  timeoutMs = 60000,
  connection?: TestKafkaConnection,
): Promise<ConsumedRecord[]> {
  const gateway = testGateway('test-reader', connection);
  try {
    return await readRecords(gateway, topic, { toEnd: true, timeoutMs });
  } finally {
    await gateway.close();
  }
}

/** Resolves once a consumer group has committed every topic's end offset (nothing left to consume). */
export async function waitForGroupCaughtUp(groupId: string, topics: string[], timeoutMs: number): Promise<void> {
  const gateway = testGateway('test-lag');
  const deadline = Date.now() + timeoutMs;
  let lag = -1n;
  try {
    while (Date.now() < deadline) {
      lag = 0n;
      for (const topic of topics) {
        const ends = await gateway.topicEnds(topic);
        const committed = await gateway.groupOffsets(groupId, topic);
        for (const [partition, end] of ends) {
          const at = committed.get(partition) ?? -1n;
          lag += end - (at < 0n ? 0n : at);
        }
      }
      if (lag === 0n) return;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await gateway.close();
  }
  throw new Error(`consumer group ${groupId} still ${lag} records behind after ${timeoutMs} ms`);
}

/** Deletes every topic a test created under its prefix, so runs do not pile partitions onto the broker. */
export async function deleteTopicsWithPrefix(prefix: string, connection?: TestKafkaConnection): Promise<void> {
  const gateway = new KafkaGateway(
    loadConfig(KafkaConfig, { ...configEnv(testKafkaConfig(connection)), KAFKA_TOPIC_PREFIX: prefix }),
    'test-cleanup',
    { level: 'nothing' },
  );
  try {
    await gateway.deleteOwnTopics();
  } finally {
    await gateway.close();
  }
}

function configEnv(config: KafkaConfig): Record<string, string> {
  return {
    KAFKA_BROKERS: config.KAFKA_BROKERS.join(','),
    KAFKA_SASL_MECHANISM: config.KAFKA_SASL_MECHANISM,
    KAFKA_SASL_USERNAME: config.KAFKA_SASL_USERNAME,
    KAFKA_SASL_PASSWORD: config.KAFKA_SASL_PASSWORD,
  };
}
