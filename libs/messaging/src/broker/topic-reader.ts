import { randomBytes } from 'node:crypto';
import { fromKafkaMessage } from '../inbound/raw-record';
import { kafkaOf, type KafkaGateway } from './kafka-gateway';

/** A record as read, with its place in the log. */
export interface ConsumedRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface ReadRecordsOptions {
  /** Stop once this holds for the records read so far. */
  until?: (records: ConsumedRecord[]) => boolean;
  /** Stop at the high-water marks found at the start (default when `until` is not given). */
  toEnd?: boolean;
  /** Stop after this long whatever was read. */
  timeoutMs: number;
}

/**
 * Reads a topic's raw records from its beginning, in a throwaway consumer group (deleted afterwards), until
 * `until` holds, the high-water marks of the start are reached, or the time is up. For tools that look at
 * what a topic holds (dead letters, say) rather than apply it: nothing is decoded or checked.
 */
export async function readRecords(
  gateway: KafkaGateway,
  topic: string,
  options: ReadRecordsOptions,
): Promise<ConsumedRecord[]> {
  const toEnd = options.toEnd ?? options.until === undefined;
  const ends = toEnd ? await gateway.topicEnds(topic) : new Map<number, bigint>();
  const records: ConsumedRecord[] = [];
  if (toEnd && [...ends.values()].every((high) => high === 0n)) return records;
  const groupId = `reader-${randomBytes(4).toString('hex')}`;
  const consumer = kafkaOf(gateway).consumer({ groupId: gateway.physical(groupId) });
  const reached = new Set<number>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [gateway.physical(topic)], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, options.timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const end = ends.get(partition);
            if (toEnd && end !== undefined && BigInt(message.offset) >= end) return;
            const { record } = fromKafkaMessage(message);
            records.push({
              partition,
              offset: message.offset,
              key: record.key?.toString('utf8') ?? null,
              value: record.value,
              headers: { ...record.headers },
            });
            if (toEnd && end !== undefined && BigInt(message.offset) + 1n >= end) reached.add(partition);
            const atEnd = toEnd && [...ends].every(([p, high]) => high === 0n || reached.has(p));
            if (atEnd || options.until?.(records)) done();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    await gateway.deleteGroup(groupId);
  }
  return records;
}
