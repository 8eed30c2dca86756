import type { EntityManager } from 'typeorm';

export interface InboxEntry {
  source: string;
  id: string;
  topic: string;
}

/**
 * Records events as applied and returns the ones that were new. Call inside the transaction that applies
 * their effects: a re-delivered event then finds its row and is skipped, and a rollback forgets both.
 */
export async function claimNewEvents(manager: EntityManager, entries: InboxEntry[]): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const rows: { event_source: string; event_id: string }[] = await manager.query(
    `INSERT INTO processed_events (event_source, event_id, topic)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT DO NOTHING
     RETURNING event_source, event_id`,
    [entries.map((e) => e.source), entries.map((e) => e.id), entries.map((e) => e.topic)],
  );
  return new Set(rows.map((r) => inboxKey(r.event_source, r.event_id)));
}

/** The key claimNewEvents returns for an event. */
export function inboxKey(source: string, id: string): string {
  return `${source}\u0000${id}`;
}
