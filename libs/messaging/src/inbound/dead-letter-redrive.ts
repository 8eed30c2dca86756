import { DEAD_LETTER_SUFFIX, deadLetterTopic } from '@dxhub/contracts';
import { randomUUID } from 'node:crypto';
import { adminOf, kafkaOf, type KafkaGateway, producerOf } from '../broker/kafka-gateway';
import { DeadLetterHeaders } from './dead-letters';

/** The consumer group that remembers how far each dead-letter topic has been re-driven. */
export const REDRIVE_GROUP = 'dxhub-dlq-redrive';

/** Header a re-driven record carries: where it came from (`<dead-letter topic>/<partition>/<offset>`). */
export const REDRIVEN_FROM_HEADER = 'dx_redriven_from';

/** A record of a dead-letter topic, as read. */
export interface DeadLetterRecord {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface RedriveOptions {
  /** A consumed topic or its dead-letter topic (logical names). */
  topic: string;
  /** Only records whose reason code is this, or whose reason contains it; the others are passed over. */
  reason?: string;
  /** Count and list, send nothing, remember nothing. */
  dryRun?: boolean;
  /** Read the dead-letter topic from its first record, not from where the last re-drive stopped. */
  fromBeginning?: boolean;
  /** Give up reading after this long (the records up to then are re-driven and remembered). */
  timeoutMs?: number;
}

export interface RedriveReport {
  deadLetterTopic: string;
  /** Where the records go back to: the topic the dead-letter topic belongs to. */
  target: string;
  read: number;
  redriven: number;
  passedOver: number;
  /** Records read, by reason. */
  reasons: Record<string, number>;
}

/** The dead-letter topic and the topic its records go back to (logical names). */
export function redriveTopics(topic: string): { deadLetterTopic: string; target: string } {
  const dlq = topic.endsWith(DEAD_LETTER_SUFFIX) ? topic : deadLetterTopic(topic);
  return { deadLetterTopic: dlq, target: dlq.slice(0, -DEAD_LETTER_SUFFIX.length) };
}

/**
 * The record as it was first sent: its key, value and headers, without the dead-letter headers, and with
 * where it was re-driven from. Its ce_id is unchanged, so a consumer that applied it meanwhile counts it
 * once (the dedupe holds); one that refused it tries again.
 */
export function redrivenMessage(record: DeadLetterRecord, deadLetterTopicName: string) {
  const headers = Object.fromEntries(
    Object.entries(record.headers).filter(([name]) => !name.startsWith('dx_dlq_') && name !== REDRIVEN_FROM_HEADER),
  );
  headers[REDRIVEN_FROM_HEADER] = `${deadLetterTopicName}/${record.partition}/${record.offset}`;
  return { key: record.key, value: record.value, headers };
}

/** Whether a record passes the --reason filter: its reason code, or a part of its reason. */
export function matchesReason(record: DeadLetterRecord, reason: string | undefined): boolean {
  return (
    reason === undefined ||
    record.headers[DeadLetterHeaders.REASON_CODE] === reason ||
    (record.headers[DeadLetterHeaders.REASON] ?? '').includes(reason)
  );
}

/**
 * Reads a dead-letter topic from where the last re-drive stopped (the REDRIVE_GROUP's committed offsets) up
 * to its end as it is when the run starts, and sends every record (or those whose reason matches) back to
 * the topic it came from, batch by batch, remembering each batch once the broker acknowledged it. Records
 * dead-lettered again arrive after that end and wait for the next run. Everything goes through the
 * gateway (its admin connection, a consumer and its idempotent producer).
 */
export async function redriveDeadLetters(gateway: KafkaGateway, options: RedriveOptions): Promise<RedriveReport> {
  const { deadLetterTopic: dlq, target } = redriveTopics(options.topic);
  const report: RedriveReport = { deadLetterTopic: dlq, target, read: 0, redriven: 0, passedOver: 0, reasons: {} };
  const admin = await adminOf(gateway);
  const physical = gateway.physical(dlq);
  const remembered = gateway.physical(REDRIVE_GROUP);
  // A dry run reads in a throw-away group: it must not move where the next real run starts.
  const groupId = options.dryRun ? gateway.physical(`${REDRIVE_GROUP}-dry-run-${randomUUID()}`) : remembered;
  const ends = await admin.fetchTopicOffsets(physical);
  const committed = options.fromBeginning
    ? []
    : ((await admin.fetchOffsets({ groupId: remembered, topics: [physical] }))[0]?.partitions ?? []);
  const start = new Map(
    ends.map((e) => {
      const c = committed.find((p) => p.partition === e.partition)?.offset;
      return [e.partition, c !== undefined && BigInt(c) >= BigInt(e.low) ? c : e.low];
    }),
  );
  const end = new Map(ends.map((e) => [e.partition, BigInt(e.high)]));
  const pending = new Set(ends.filter((e) => BigInt(start.get(e.partition)!) < BigInt(e.high)).map((e) => e.partition));
  if (pending.size === 0) return report;

  // The group starts where this run must: the last run's end, or the log start with --from-beginning.
  await admin.setOffsets({
    groupId,
    topic: physical,
    partitions: [...start].map(([partition, offset]) => ({ partition, offset })),
  });
  const producer = options.dryRun ? undefined : await producerOf(gateway);
  const consumer = kafkaOf(gateway).consumer({ groupId, sessionTimeout: 30000, heartbeatInterval: 3000 });
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let failure: unknown;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [physical], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        try {
          const stop = end.get(batch.partition) ?? 0n;
          const records = batch.messages
            .filter((m) => BigInt(m.offset) < stop)
            .map((m): DeadLetterRecord => ({
              partition: batch.partition,
              offset: m.offset,
              key: m.key,
              value: m.value,
              headers: Object.fromEntries(
                Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]),
              ),
            }));
          const chosen = records.filter((r) => matchesReason(r, options.reason));
          for (const r of records) {
            const reason = r.headers[DeadLetterHeaders.REASON] ?? '(no reason header)';
            report.reasons[reason] = (report.reasons[reason] ?? 0) + 1;
          }
          if (producer && chosen.length > 0) {
            await producer.send({
              topic: gateway.physical(target),
              acks: -1,
              messages: chosen.map((r) => redrivenMessage(r, dlq)),
            });
          }
          report.read += records.length;
          report.passedOver += records.length - chosen.length;
          if (producer) report.redriven += chosen.length;
          const last = records[records.length - 1];
          if (!options.dryRun && last) {
            await consumer.commitOffsets([
              { topic: physical, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
            ]);
          }
          await heartbeat();
          if (!last || BigInt(last.offset) + 1n >= stop) {
            pending.delete(batch.partition);
            if (pending.size === 0) finish();
          }
        } catch (error) {
          failure = error;
          finish();
        }
      },
    });
    const timeoutMs = options.timeoutMs ?? 120000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    if (failure) throw failure;
    if (pending.size > 0) {
      throw new Error(
        `stopped after ${timeoutMs} ms with partitions ${[...pending].join(', ')} of ${dlq} not read to their end ` +
          `(${report.redriven} records re-driven and remembered; run again to go on)`,
      );
    }
    return report;
  } finally {
    await consumer.disconnect();
    if (options.dryRun) await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}
