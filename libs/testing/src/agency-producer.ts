import { randomUUID } from 'node:crypto';
import { Kafka, type KafkaConfig, logLevel, Partitioners, type Producer, type SASLOptions } from 'kafkajs';
import { testKafkaBrokers } from './test-environment';

/*
 * Tests play the agencies, which are outside the platform: they publish with plain kafkajs, as the
 * example producer in examples/ does, not through the platform's messaging lib.
 */

/** Where and as whom a test client connects; the default is the PLAINTEXT test broker, anonymously. */
export interface TestKafkaConnection {
  brokers: string[];
  sasl?: SASLOptions;
}

/** A kafkajs client for tests (kafkajs' own logs off unless `options` set them; tests assert on errors). */
export function testKafka(
  clientId: string,
  connection?: TestKafkaConnection,
  options: Partial<KafkaConfig> = {},
): Kafka {
  return new Kafka({
    clientId,
    brokers: connection?.brokers ?? testKafkaBrokers(),
    sasl: connection?.sasl,
    logLevel: logLevel.NOTHING,
    ...options,
  });
}

export interface AgencyMessage {
  key: string | null;
  value: string | Buffer | null;
  headers: Record<string, string>;
}

/** Binary-mode CloudEvent headers of an agency report. */
export function agencyReportHeaders(
  agency: string,
  id: string = randomUUID(),
  time: string = new Date().toISOString(),
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
  private constructor(private readonly producer: Producer) {}

  static async connect(clientId = 'test-agency', connection?: TestKafkaConnection): Promise<AgencyProducer> {
    const kafka = testKafka(clientId, connection);
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return new AgencyProducer(producer);
  }

  async send(topic: string, messages: AgencyMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 500) {
      await this.producer.send({ topic, acks: -1, messages: messages.slice(i, i + 500) });
    }
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}

export interface ConsumedRecord {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

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
  const kafka = testKafka('test-reader', connection);
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
  const records: ConsumedRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => resolve(), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {}))
              headers[k] = String(Array.isArray(v) ? v[0] : v);
            records.push({ key: message.key?.toString() ?? null, value: message.value, headers });
            if (enough(records)) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Resolves once a consumer group has committed every topic's end offset (nothing left to consume). */
export async function waitForGroupCaughtUp(groupId: string, topics: string[], timeoutMs: number): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-lag', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const deadline = Date.now() + timeoutMs;
  let lag = -1;
  try {
    while (Date.now() < deadline) {
      lag = 0;
      for (const topic of topics) {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        for (const end of ends) {
          const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
          lag += Number(end.offset) - Math.max(0, Number(at));
        }
      }
      if (lag === 0) return;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await admin.disconnect();
  }
  throw new Error(`consumer group ${groupId} still ${lag} records behind after ${timeoutMs} ms`);
}

/** Deletes every topic a test created under its prefix, so runs do not pile partitions onto the broker. */
export async function deleteTopicsWithPrefix(prefix: string, connection?: TestKafkaConnection): Promise<void> {
  const kafka = testKafka('test-cleanup', connection);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30000 });
  } finally {
    await admin.disconnect();
  }
}
