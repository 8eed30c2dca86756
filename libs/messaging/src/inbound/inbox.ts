import type { EntityManager } from 'typeorm';
import { deleteProcessedEvents, insertProcessedEvents } from './inbox.repository';

/** The identity of an event everywhere in the platform: its (trusted) source and its id. */
export interface InboxKey {
  source: string;
  id: string;
}

/*
 * The inbox: the (source, id) of every event a service applied, in its `processed_events` table, written
 * in the same transaction as the event's effects. Every channel into a service (its Kafka consumers, its
 * REST and spreadsheet intake) claims through here, so an event is applied once whichever way, and however
 * often, it arrives. Refused events are released again, so a sender may fix the cause and resend the id.
 */

/**
 * Claims the keys in `tx`: true for each key seen for the first time (the first of repeats within `keys`
 * too), false for a duplicate. `channel` is where they came in (a topic, `rest`, `xlsx`).
 */
export async function claimInInbox(
  tx: EntityManager,
  keys: InboxKey[],
  channel: string | string[],
): Promise<boolean[]> {
  if (keys.length === 0) return [];
  const claimed = await insertProcessedEvents(
    tx,
    keys.map((k) => k.source),
    keys.map((k) => k.id),
    Array.isArray(channel) ? channel : keys.map(() => channel),
  );
  const fresh = new Set(claimed.map(inboxKeyText));
  // delete, not has: of repeats within one claim only the first is fresh.
  return keys.map((k) => fresh.delete(inboxKeyText(k)));
}

/** Releases claims of events the service refused after claiming them, in the same transaction. */
export async function releaseFromInbox(tx: EntityManager, keys: InboxKey[]): Promise<void> {
  if (keys.length === 0) return;
  await deleteProcessedEvents(
    tx,
    keys.map((k) => k.source),
    keys.map((k) => k.id),
  );
}

export function inboxKeyText(key: InboxKey): string {
  return `${key.source}\u0000${key.id}`;
}
