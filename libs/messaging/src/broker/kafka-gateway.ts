import { Logger } from '@nestjs/common';
import {
  type Admin,
  type Consumer,
  type ConsumerConfig,
  Kafka,
  type KafkaConfig as KafkaJsConfig,
  logLevel,
  type LogEntry,
  Partitioners,
  type Producer,
} from 'kafkajs';
import type { KafkaConfig } from './kafka.config';

const LEVEL_NAMES: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/**
 * The messages of the broker's error responses that kafkajs retries itself (kafkajs's own table of protocol
 * errors): a partition leader moving right after a topic is created, a group coordinator still loading.
 */
const RETRIABLE_BROKER_ERRORS: ReadonlySet<string> = new Set(
  // kafkajs does not export the table from its entry point; the version is pinned (package.json).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('kafkajs/src/protocol/error') as { errorCodes: { message: string; retriable: boolean }[] }).errorCodes
    .filter((code) => code.retriable)
    .map((code) => code.message),
);

/**
 * The level a kafkajs log entry is logged at. kafkajs logs every error response of the broker at ERROR, also
 * those it retries: those are warnings here, so ERROR means a failure someone has to look at (a request
 * that fails for good reaches its caller, which logs it).
 */
export function kafkaLogLevel({ level, log }: Pick<LogEntry, 'level' | 'log'>): 'error' | 'warn' | 'log' | 'debug' {
  const error = (log as { error?: unknown }).error;
  if (level === logLevel.ERROR && typeof error === 'string' && RETRIABLE_BROKER_ERRORS.has(error)) return 'warn';
  return LEVEL_NAMES[level] ?? 'log';
}

/**
 * The one place that talks to kafkajs: builds the client from validated config, owns the service's
 * producer and admin, and maps logical topic names to physical ones (KAFKA_TOPIC_PREFIX).
 */
export class KafkaGateway {
  private readonly kafka: Kafka;
  private producerInstance?: Promise<Producer>;
  private adminInstance?: Promise<Admin>;
  private readonly logger: Logger;

  constructor(
    readonly config: KafkaConfig,
    readonly clientId: string,
  ) {
    this.logger = new Logger(`kafka:${clientId}`);
    this.kafka = new Kafka(this.clientConfig());
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

  /** The service's idempotent producer (acks=all, one request in flight, so retries keep order). */
  producer(): Promise<Producer> {
    this.producerInstance ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })();
    return this.producerInstance;
  }

  admin(): Promise<Admin> {
    this.adminInstance ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.adminInstance;
  }

  consumer(config: ConsumerConfig): Consumer {
    return this.kafka.consumer(config);
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
    const admin = await this.admin();
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

  /** Resolves when the cluster answers a metadata request. */
  async ping(): Promise<void> {
    const admin = await this.admin();
    await admin.describeCluster();
  }

  async close(): Promise<void> {
    const [producer, admin] = await Promise.allSettled([this.producerInstance, this.adminInstance]);
    if (producer.status === 'fulfilled' && producer.value) await producer.value.disconnect();
    if (admin.status === 'fulfilled' && admin.value) await admin.value.disconnect();
    this.producerInstance = undefined;
    this.adminInstance = undefined;
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
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.log(entry),
    };
    if (c.KAFKA_SASL_MECHANISM === 'scram-sha-512') {
      config.sasl = { mechanism: 'scram-sha-512', username: c.KAFKA_SASL_USERNAME, password: c.KAFKA_SASL_PASSWORD };
    }
    return config;
  }

  private log(entry: LogEntry): void {
    const { message, ...fields } = entry.log;
    this.logger[kafkaLogLevel(entry)]({ msg: message, ...fields });
  }
}
