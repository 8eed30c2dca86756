import { Clock } from '@dxhub/calendar';
import type { EventType } from '@dxhub/contracts';
import { randomBytes } from 'node:crypto';
import { kafkaOf, type KafkaGateway } from '../broker/kafka-gateway';
import type { Inbound } from './inbound-event';
import { type InspectionRules, RecordInspector } from './record-inspector';

export interface TopicReplayOptions<T extends EventType> extends InspectionRules<T> {
  /** Logical topic. */
  topic: string;
  /** Receives each batch's events that pass the checks the live consumer makes, in order per partition. */
  onEvents: (events: Inbound<T>[]) => Promise<void>;
  /** The throwaway group's name starts with this (ACLs grant replays a group prefix). Default `replay-`. */
  groupPrefix?: string;
  /** The time each batch is received at (its events' receivedAt). Default: the system clock. */
  clock?: Clock;
}

export interface TopicReplayReport {
  /** Records read (events, skipped types and records the live consumer dead-letters). */
  recordsRead: number;
  /** Events handed over. */
  eventsReplayed: number;
  /** Where the replay stopped: each partition's high-water mark when it started. */
  ends: Map<number, bigint>;
}

/**
 * Reads a topic from its beginning up to the high-water marks found at the start (records added meanwhile
 * are left for the live consumer), with a throwaway consumer group deleted afterwards. Each record goes
 * through the live pipeline's checks: what the live consumer would dead-letter or skip is counted, not
 * handed over. Bounded by construction: it ends when every partition reached its mark.
 */
export async function replayTopic<T extends EventType>(
  gateway: KafkaGateway,
  options: TopicReplayOptions<T>,
): Promise<TopicReplayReport> {
  await gateway.ensureTopics([options.topic]);
  const ends = await gateway.topicEnds(options.topic);
  const report: TopicReplayReport = { recordsRead: 0, eventsReplayed: 0, ends };
  const pending = [...ends.entries()].filter(([, high]) => high > 0n);
  if (pending.length === 0) return report;

  const inspector = new RecordInspector<T>(options);
  const clock = options.clock ?? new Clock();
  const groupId = `${options.groupPrefix ?? 'replay-'}${randomBytes(4).toString('hex')}`;
  const consumer = kafkaOf(gateway).consumer({ groupId: gateway.physical(groupId) });
  const done = new Set<number>();
  let finish!: () => void;
  let fail!: (error: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [gateway.physical(options.topic)], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        try {
          const end = ends.get(batch.partition) ?? 0n;
          const receivedAt = clock.now();
          const events: Inbound<T>[] = [];
          for (const message of batch.messages) {
            if (BigInt(message.offset) >= end) break;
            report.recordsRead++;
            const inspection = inspector.inspect(
              { topic: options.topic, partition: batch.partition, offset: message.offset, message },
              receivedAt,
            );
            if (inspection.kind === 'event') events.push(inspection.event);
          }
          if (events.length > 0) await options.onEvents(events);
          report.eventsReplayed += events.length;
          const last = batch.messages.length > 0 ? BigInt(batch.messages[batch.messages.length - 1].offset) : -1n;
          if (last + 1n >= end) done.add(batch.partition);
          if (pending.every(([partition]) => done.has(partition))) finish();
        } catch (error) {
          fail(error);
        }
      },
    });
    await finished;
  } finally {
    await consumer.disconnect();
    await gateway.deleteGroup(groupId);
  }
  return report;
}
