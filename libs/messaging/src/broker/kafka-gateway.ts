import { Logger } from '@nestjs/common';
import {
  type Admin,
  Kafka,
  type KafkaConfig as KafkaJsConfig,
  type LogEntry,
  logLevel,
  type Message,
  Partitioners,
  type Producer,
} from 'kafkajs';
import type { KafkaConfig } from '../kafka.config';
import { kafkaLogLevel } from './kafka-log-level';

/** A record to produce: no kafkajs type crosses the messaging lib's boundary. */
export interface OutgoingRecord {
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string | Buffer>;
}

/** One line of the Kafka client's log, for a caller that takes the log itself (KafkaGatewayLog). */
export interface KafkaLogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  /** The broker's error type, e.g. `TOPIC_AUTHORIZATION_FAILED`. */
  errorType?: string;
}

/**
 * Where the client's log goes instead of the service's logger: to `to`, down to `level` (`nothing`: nowhere).
 * For probes that read the broker's refusals from it, and for tests that assert on errors, not on logs.
 */
export interface KafkaGatewayLog {
  level: 'nothing' | 'error' | 'warn' | 'info' | 'debug';
  to?: (line: KafkaLogLine) => void;
}

const LOG_LEVELS: Record<KafkaGatewayLog['level'], logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/** A record and the (logical) topic it goes to. */
export interface TopicRecord {
  topic: string;
  record: OutgoingRecord;
}

/**
 * Bounds of one produce request. kafkajs puts a partition's messages into one record batch, which the broker
 * refuses above message.max.bytes (1 MiB by default): small records fill a request by count, large ones by
 * size, and a record larger than the byte bound goes alone.
 */
const RECORDS_PER_REQUEST = 1000;
const BYTES_PER_REQUEST = 768 * 1024;

interface Connection {
  kafka: Kafka;
  producer?: Promise<Producer>;
  admin?: Promise<Admin>;
}

/** The kafkajs side of each gateway, reachable only from inside the messaging lib (see kafkaOf). */
const connections = new WeakMap<KafkaGateway, Connection>();

/**
 * The one place that talks to kafkajs: builds the client from validated config, owns the service's producer
 * and admin connections, and maps logical topic names to physical ones (KAFKA_TOPIC_PREFIX). Its public
 * methods speak in topics, records and offsets; the kafkajs objects stay inside the lib.
 */
export class KafkaGateway {
  private readonly logger: Logger;

  constructor(
    readonly config: KafkaConfig,
    readonly clientId: string,
    private readonly ownLog?: KafkaGatewayLog,
  ) {
    this.logger = new Logger(`kafka:${clientId}`);
    connections.set(this, { kafka: new Kafka(this.clientConfig()) });
  }

  /** The physical name of a logical topic. */
  physical(topic: string): string {
    return `${this.config.KAFKA_TOPIC_PREFIX}${topic}`;
  }

  /** The logical name of a physical topic. */
  logical(topic: string): string {
    const prefix = this.config.KAFKA_TOPIC_PREFIX;
    return prefix && topic.startsWith(prefix) ? topic.slice(prefix.length) : topic;
  }

  /**
   * Creates the topics that are missing (logical names) and waits for their leaders; existing ones are
   * left alone. A busy broker answers "unknown topic" or "leader not available" for a moment after a
   * create: those are retried, anything else after the last attempt is thrown.
   */
  async ensureTopics(
    topics: string[],
    options: { configEntries?: { name: string; value: string }[] } = {},
  ): Promise<string[]> {
    if (topics.length === 0) return [];
    const admin = await adminOf(this);
    const wanted = [...new Set(topics.map((t) => this.physical(t)))];
    const created: string[] = [];
    for (let attempt = 1; ; attempt++) {
      const existing = new Set(await admin.listTopics());
      const missing = wanted.filter((t) => !existing.has(t));
      try {
        if (missing.length > 0) {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((topic) => ({
              topic,
              numPartitions: this.config.KAFKA_TOPIC_PARTITIONS,
              replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
              configEntries: options.configEntries,
            })),
          });
          created.push(...missing);
        }
        return created.map((t) => this.logical(t));
      } catch (error) {
        // Another replica may have created some first; a new topic's leaders may not be known yet.
        if (attempt >= 8) throw error;
        await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
      }
    }
  }

  /**
   * Produces the records in order with the service's idempotent producer (acks=all, one request in flight,
   * so retries keep order), cut into requests within RECORDS_PER_REQUEST and BYTES_PER_REQUEST.
   */
  async send(records: TopicRecord[]): Promise<void> {
    if (records.length === 0) return;
    const producer = await producerOf(this);
    for (const request of produceRequests(records)) {
      const byTopic = new Map<string, Message[]>();
      for (const { topic, record } of request) {
        const physical = this.physical(topic);
        const message: Message = { key: record.key, value: record.value, headers: record.headers };
        const messages = byTopic.get(physical);
        if (messages) messages.push(message);
        else byTopic.set(physical, [message]);
      }
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    }
  }

  /** The high-water mark (the offset the next record will take) of each partition of a topic. */
  async topicEnds(topic: string): Promise<Map<number, bigint>> {
    const admin = await adminOf(this);
    const offsets = await admin.fetchTopicOffsets(this.physical(topic));
    return new Map(offsets.map((p) => [p.partition, BigInt(p.high)]));
  }

  /** A consumer group's committed offsets on a topic (logical names); -1 for a partition with none. */
  async groupOffsets(groupId: string, topic: string): Promise<Map<number, bigint>> {
    const admin = await adminOf(this);
    const [offsets] = await admin.fetchOffsets({ groupId: this.physical(groupId), topics: [this.physical(topic)] });
    return new Map((offsets?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  }

  /** Deletes a consumer group that has no members (a finished replay's, say); a missing group is no error. */
  async deleteGroup(groupId: string): Promise<void> {
    const admin = await adminOf(this);
    await admin.deleteGroups([this.physical(groupId)]).catch(() => undefined);
  }

  /**
   * Deletes every topic under this gateway's KAFKA_TOPIC_PREFIX: an environment sharing a cluster (a test
   * run) cleans up after itself. Refused without a prefix, where it would delete the platform's topics.
   */
  async deleteOwnTopics(): Promise<string[]> {
    const prefix = this.ownPrefix('deleteOwnTopics');
    const admin = await adminOf(this);
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30000 });
    return topics.map((t) => this.logical(t));
  }

  /**
   * Deletes every consumer group under this gateway's KAFKA_TOPIC_PREFIX (groups still with members stay);
   * refused without a prefix, like deleteOwnTopics.
   */
  async deleteOwnGroups(): Promise<string[]> {
    const prefix = this.ownPrefix('deleteOwnGroups');
    const admin = await adminOf(this);
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    return groups.map((g) => this.logical(g));
  }

  /** Resolves when the cluster answers a metadata request. */
  async ping(): Promise<void> {
    const admin = await adminOf(this);
    await admin.describeCluster();
  }

  async close(): Promise<void> {
    const connection = connections.get(this) as Connection;
    const [producer, admin] = await Promise.allSettled([connection.producer, connection.admin]);
    if (producer.status === 'fulfilled' && producer.value) await producer.value.disconnect();
    if (admin.status === 'fulfilled' && admin.value) await admin.value.disconnect();
    connection.producer = undefined;
    connection.admin = undefined;
  }

  private ownPrefix(operation: string): string {
    const prefix = this.config.KAFKA_TOPIC_PREFIX;
    if (prefix === '')
      throw new Error(`${operation} needs a KAFKA_TOPIC_PREFIX: without one it would reach the whole cluster`);
    return prefix;
  }

  private clientConfig(): KafkaJsConfig {
    const c = this.config;
    const config: KafkaJsConfig = {
      clientId: this.clientId,
      brokers: c.KAFKA_BROKERS,
      ssl: c.KAFKA_SSL,
      connectionTimeout: 3000,
      requestTimeout: 30000,
      retry: { initialRetryTime: 300, retries: 8 },
      logLevel: this.ownLog ? LOG_LEVELS[this.ownLog.level] : logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.log(entry),
    };
    if (c.KAFKA_SASL_MECHANISM === 'scram-sha-512') {
      config.sasl = { mechanism: 'scram-sha-512', username: c.KAFKA_SASL_USERNAME, password: c.KAFKA_SASL_PASSWORD };
    }
    return config;
  }

  private log(entry: LogEntry): void {
    const { message, ...fields } = entry.log;
    if (this.ownLog) {
      const errorType = (fields.error as { type?: unknown } | undefined)?.type;
      this.ownLog.to?.({
        level: (['error', 'error', 'warn', 'info', 'info', 'debug'] as const)[entry.level] ?? 'debug',
        message,
        errorType: typeof errorType === 'string' ? errorType : undefined,
      });
      return;
    }
    this.logger[kafkaLogLevel(entry)]({ msg: message, ...fields });
  }
}

/** The kafkajs client of a gateway: for the messaging lib's own consumers and tools only (not exported). */
export function kafkaOf(gateway: KafkaGateway): Kafka {
  return (connections.get(gateway) as Connection).kafka;
}

/** The gateway's idempotent producer, connected on first use. */
export function producerOf(gateway: KafkaGateway): Promise<Producer> {
  const connection = connections.get(gateway) as Connection;
  connection.producer ??= (async () => {
    const producer = connection.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return producer;
  })();
  return connection.producer;
}

/** The gateway's admin connection, connected on first use. */
export function adminOf(gateway: KafkaGateway): Promise<Admin> {
  const connection = connections.get(gateway) as Connection;
  connection.admin ??= (async () => {
    const admin = connection.kafka.admin();
    await admin.connect();
    return admin;
  })();
  return connection.admin;
}

/** The records in order, cut into produce requests within RECORDS_PER_REQUEST and BYTES_PER_REQUEST. */
function* produceRequests(records: TopicRecord[]): Generator<TopicRecord[]> {
  let request: TopicRecord[] = [];
  let bytes = 0;
  for (const item of records) {
    const size = approximateSize(item.record);
    if (request.length > 0 && (request.length === RECORDS_PER_REQUEST || bytes + size > BYTES_PER_REQUEST)) {
      yield request;
      request = [];
      bytes = 0;
    }
    request.push(item);
    bytes += size;
  }
  if (request.length > 0) yield request;
}

/** A record's bytes in a request, about: value, key and headers (text counted at UTF-8's worst), and overhead. */
export function approximateSize(record: OutgoingRecord): number {
  const bytes = (v: string | Buffer | null) => (v === null ? 0 : Buffer.isBuffer(v) ? v.length : v.length * 3);
  let size = 64 + bytes(record.value) + bytes(record.key);
  for (const [name, value] of Object.entries(record.headers ?? {})) size += name.length + bytes(value);
  return size;
}
