import { EnvelopeLimits, type RejectionCode } from '@dxhub/contracts';
import type { EntityManager } from 'typeorm';

/** One refused event, as the service's `rejected_events` table keeps it. */
export interface RejectedEvent {
  /** `kafka`, `rest` or `xlsx`. */
  channel: string;
  /** Logical topic, partition and offset of a Kafka record: its identity in the log. */
  topic?: string;
  partition?: number;
  offset?: string;
  /** The agency that sent it: the topic's owner, or the token's agency. */
  agency: string | null;
  eventId?: string | null;
  eventSource?: string | null;
  eventType?: string | null;
  code: RejectionCode;
  message: string;
  at: Date;
}

/** Longest message kept; a reason that long is cut (the dead letter keeps the record's bytes). */
const MAX_MESSAGE_LENGTH = 2000;

/** Writes refusals to the rejection log; a Kafka record already logged (a redelivery) is logged once. */
export async function logRejections(executor: Pick<EntityManager, 'query'>, rows: RejectedEvent[]): Promise<void> {
  if (rows.length === 0) return;
  const cut = (text: string | null | undefined, max: number) =>
    text === undefined || text === null ? null : text.length <= max ? text : `${text.slice(0, max - 1)}…`;
  await executor.query(
    `INSERT INTO rejected_events (channel, topic, "partition", "offset", agency, event_id, event_source, event_type,
                                  reason_code, reason, rejected_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::text[], $10::text[], $11::timestamptz[])
     ON CONFLICT (topic, "partition", "offset") DO NOTHING`,
    [
      rows.map((r) => r.channel),
      rows.map((r) => r.topic ?? null),
      rows.map((r) => r.partition ?? null),
      rows.map((r) => r.offset ?? null),
      rows.map((r) => r.agency),
      rows.map((r) => cut(r.eventId, EnvelopeLimits.MAX_ID_LENGTH)),
      rows.map((r) => cut(r.eventSource, EnvelopeLimits.MAX_SOURCE_LENGTH)),
      rows.map((r) => cut(r.eventType, EnvelopeLimits.MAX_TYPE_LENGTH)),
      rows.map((r) => r.code),
      rows.map((r) => cut(r.message, MAX_MESSAGE_LENGTH)),
      rows.map((r) => r.at.toISOString()),
    ],
  );
}
