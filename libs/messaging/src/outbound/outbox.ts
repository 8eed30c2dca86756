import { randomUUID } from 'node:crypto';
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
     SELECT t, k, i, ty, s, sub, tm::timestamptz, p::json
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

/** Many events of one type and source for one topic, each published as its own message. */
export interface OutboxFanOut {
  topic: string;
  type: string;
  source: string;
  events: FanOutEvent[];
}

/** One event of a fan-out row; its id is its CloudEvents id, as for a single row. */
export type FanOutEvent = Pick<OutboxMessage, 'key' | 'id' | 'subject' | 'time' | 'payload'>;

/**
 * Adds the events to the outbox as one fan-out row (the outbox needs addOutboxFanOutV2) inside the
 * caller's transaction: the cost of one row however many events. Consumers still see one message per
 * event, in the order given, and dedupe on their ids.
 */
export async function appendFanOutToOutbox(manager: EntityManager, fanOut: OutboxFanOut): Promise<void> {
  if (fanOut.events.length === 0) return;
  const time = fanOut.events[fanOut.events.length - 1].time;
  await manager.query(
    `INSERT INTO outbox (topic, message_key, event_id, event_type, event_source, event_subject, event_time, payload, fan_out)
     VALUES ($1, NULL, $2, $3, $4, NULL, $5::timestamptz, $6::json, true)`,
    [fanOut.topic, `fan-out:${randomUUID()}`, fanOut.type, fanOut.source, time, JSON.stringify(fanOut.events)],
  );
}
