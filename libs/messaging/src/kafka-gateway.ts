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

  /** Creates the topics that are missing (logical names); existing ones are left alone. */
  async ensureTopics(topics: string[]): Promise<string[]> {
    if (topics.length === 0) return [];
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics.map((t) => this.physical(t)))].filter((t) => !existing.has(t));
    if (missing.length === 0) return [];
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.config.KAFKA_TOPIC_PARTITIONS,
          replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
        })),
      });
    } catch (error) {
      // Another replica created some of them first: fine, as long as they exist now.
      const now = new Set(await admin.listTopics());
      const stillMissing = missing.filter((t) => !now.has(t));
      if (stillMissing.length > 0) throw error;
    }
    return missing.map((t) => this.logical(t));
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

  private log({ level, log }: LogEntry): void {
    const { message, ...fields } = log;
    const method = LEVEL_NAMES[level] ?? 'log';
    this.logger[method]({ msg: message, ...fields });
  }
}
