import type { EntityManager } from 'typeorm';

export interface OutboxMessage {
  topic: string;
  key: string | null;
  id: string;
  type: string;
  source: string;
  subject?: string;
  time: string;
  payload: unknown;
}

/**
 * Adds events to the service's outbox inside the caller's transaction, in one statement. An id already
 * in the outbox is skipped, so re-running the same transaction's writes cannot publish twice.
 */
export async function appendToOutbox(manager: EntityManager, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await manager.query(
    `INSERT INTO outbox (topic, message_key, event_id, event_type, event_source, event_subject, event_time, payload)
     SELECT t, k, i, ty, s, sub, tm::timestamptz, p::jsonb
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
          AS m(t, k, i, ty, s, sub, tm, p)
     ON CONFLICT (event_id) DO NOTHING`,
    [
      messages.map((m) => m.topic),
      messages.map((m) => m.key),
      messages.map((m) => m.id),
      messages.map((m) => m.type),
      messages.map((m) => m.source),
      messages.map((m) => m.subject ?? null),
      messages.map((m) => m.time),
      messages.map((m) => JSON.stringify(m.payload)),
    ],
  );
}
