import { column, execute, returningRows, rowShape, type SqlExecutor } from '@dxhub/persistence';

/*
 * The statements on the service's `processed_events` table (the inbox, createInboxTableV1). On the intake's hot
 * path: one statement per claim or release, set-based over arrays, whatever the number of events.
 */

const claimedKey = rowShape({ source: column.text, id: column.text });

/** Inserts the keys not yet in the inbox; answers those it inserted (the fresh ones). */
export async function insertProcessedEvents(
  tx: SqlExecutor,
  sources: string[],
  ids: string[],
  channels: string[],
): Promise<{ source: string; id: string }[]> {
  return returningRows(
    tx,
    claimedKey,
    `INSERT INTO processed_events (event_source, event_id, topic)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (event_source, event_id) DO NOTHING
     RETURNING event_source AS source, event_id AS id`,
    [sources, ids, channels],
  );
}

/** Deletes the keys (source i, id i) from the inbox. */
export async function deleteProcessedEvents(tx: SqlExecutor, sources: string[], ids: string[]): Promise<void> {
  await execute(
    tx,
    `DELETE FROM processed_events p USING unnest($1::text[], $2::text[]) AS k(source, id)
     WHERE p.event_source = k.source AND p.event_id = k.id`,
    [sources, ids],
  );
}
