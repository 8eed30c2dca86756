import type { ConsumerConfig } from 'kafkajs';
import { fromKafkaMessage } from '../inbound/raw-record';
import { kafkaOf, type KafkaGateway } from './kafka-gateway';
import type { ConsumedRecord } from './topic-reader';

/**
 * How the platform's consumers fetch: a megabyte per partition and fetch, and a session that survives a
 * slow batch. The services' pipeline and the bench's baselines read the same way, so their figures compare.
 */
export const SERVICE_FETCH_SETTINGS = {
  sessionTimeout: 30000,
  heartbeatInterval: 3000,
  maxBytesPerPartition: 1048576,
  retry: { retries: 10 },
} as const satisfies Omit<ConsumerConfig, 'groupId'>;

/** One partition's records as one fetch returned them, with the broker's timestamps. */
export interface RecordBatch {
  /** The logical topic. */
  topic: string;
  partition: number;
  records: (ConsumedRecord & { timestamp: string })[];
}

export interface RecordBatchesOptions {
  /** A logical consumer group name. */
  groupId: string;
  /** Logical topic names. */
  topics: string[];
  /** Where a group without committed offsets starts: the topics' beginning, or their end. */
  fromBeginning: boolean;
  /** `after-each-batch`: the batch's offsets are committed once `onBatch` resolves; `none`: never committed. */
  commit: 'after-each-batch' | 'none';
  /** The longest a fetch waits for records (kafkajs's default is 5 s). */
  maxWaitMs?: number;
}

export interface RecordBatchSubscription {
  /** Resolves once the consumer has joined its group and been given partitions. */
  joined: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Raw record batches, one partition at a time, for tools that measure or watch the transport itself (the
 * bench's baselines, its latency watcher): nothing is decoded, checked or dead-lettered, and an error from
 * `onBatch` makes the client retry the batch, as for any consumer. Services consume through EventConsumer instead.
 */
export async function consumeRecordBatches(
  gateway: KafkaGateway,
  options: RecordBatchesOptions,
  onBatch: (batch: RecordBatch) => Promise<void>,
): Promise<RecordBatchSubscription> {
  const consumer = kafkaOf(gateway).consumer({
    groupId: gateway.physical(options.groupId),
    ...SERVICE_FETCH_SETTINGS,
    ...(options.maxWaitMs === undefined ? {} : { maxWaitTimeInMs: options.maxWaitMs }),
  });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({
    topics: options.topics.map((t) => gateway.physical(t)),
    fromBeginning: options.fromBeginning,
  });
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 1,
    eachBatch: async ({ batch, heartbeat }) => {
      if (batch.messages.length === 0) return;
      await onBatch({
        topic: gateway.logical(batch.topic),
        partition: batch.partition,
        records: batch.messages.map((message) => {
          const { record } = fromKafkaMessage(message);
          return {
            partition: batch.partition,
            offset: message.offset,
            timestamp: message.timestamp,
            key: record.key?.toString('utf8') ?? null,
            value: record.value,
            headers: record.headers,
          };
        }),
      });
      if (options.commit === 'after-each-batch') {
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      }
      await heartbeat();
    },
  });
  return { joined, stop: () => consumer.disconnect() };
}
