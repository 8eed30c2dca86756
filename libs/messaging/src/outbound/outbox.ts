import { EVENT_CATALOG, type EventType, type PayloadOf } from '@dxhub/contracts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { insertFanOutRow, insertOutboxRows } from './outbox.repository';

/**
 * An event on its way out, typed by its event type: the payload must be that type's contract class (a wrong
 * payload fails to compile), and the topic and, unless given, the key follow from the event catalogue.
 */
export interface OutboxEventOf<T extends EventType> {
  type: T;
  payload: PayloadOf<T>;
  /** `ce_source`: the publishing service (serviceSource). */
  source: string;
  /** `ce_id`: the idempotency key consumers dedupe on. */
  id: string;
  /** RFC 3339 time of the fact. */
  time: string;
  subject?: string;
  /** The message key; the payload's key property (EVENT_CATALOG) when absent. */
  key?: string | null;
}

/** Any event the platform's services publish, its payload matching its type. */
export type OutboxEvent = { [T in EventType]: OutboxEventOf<T> }[EventType];

/** The service topic an event type is published on; agency event types are not the services' to publish. */
export function topicOf(type: EventType): string {
  const route = EVENT_CATALOG[type].route;
  if (route.kind !== 'service') throw new TypeError(`${type} is published by agencies, not by a service`);
  return route.topic;
}

function keyOf<T extends EventType>(event: Pick<OutboxEventOf<T>, 'type' | 'payload' | 'key'>): string | null {
  if (event.key !== undefined) return event.key;
  const value = (event.payload as unknown as Record<string, unknown>)[EVENT_CATALOG[event.type].keyProperty];
  return typeof value === 'string' ? value : value === undefined || value === null ? null : String(value);
}

/**
 * Adds events to the service's outbox inside the caller's transaction, in one statement. An id already in
 * the outbox is skipped, so re-running the same transaction's writes cannot publish twice.
 */
export async function appendToOutbox(tx: EntityManager, events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await insertOutboxRows(tx, {
    topics: events.map((e) => topicOf(e.type)),
    keys: events.map((e) => keyOf(e)),
    ids: events.map((e) => e.id),
    types: events.map((e) => e.type),
    sources: events.map((e) => e.source),
    subjects: events.map((e) => e.subject ?? null),
    times: events.map((e) => e.time),
    payloads: events.map((e) => JSON.stringify(e.payload)),
  });
}

/** One event of a fan-out row; its id is its CloudEvents id, as for a single row. */
export interface FanOutEvent<T extends EventType = EventType> {
  key: string | null;
  id: string;
  subject?: string;
  time: string;
  payload: PayloadOf<T>;
}

/** Many events of one type and source, each published as its own message. */
export interface OutboxFanOut<T extends EventType> {
  type: T;
  source: string;
  events: FanOutEvent<T>[];
}

/**
 * Adds the events to the outbox as one fan-out row (the outbox needs addOutboxFanOutV2) inside the caller's
 * transaction: the cost of one row however many events. Consumers still see one message per event, in the
 * order given, and dedupe on their ids.
 */
export async function appendFanOutToOutbox<T extends EventType>(
  tx: EntityManager,
  fanOut: OutboxFanOut<T>,
): Promise<void> {
  if (fanOut.events.length === 0) return;
  const time = fanOut.events[fanOut.events.length - 1].time;
  await insertFanOutRow(tx, {
    topic: topicOf(fanOut.type),
    id: `fan-out:${randomUUID()}`,
    type: fanOut.type,
    source: fanOut.source,
    time,
    payload: JSON.stringify(fanOut.events),
  });
}
