import { column, execute, type RowOf, rowShape, selectOne, type SqlExecutor } from '@dxhub/persistence';

/*
 * Every statement on the service's `stream_connections` table (createStreamConnectionsTable), where StreamGate
 * counts open server-sent-event streams across replicas.
 */

const admissionRow = rowShape({ mine: column.number, total: column.number, opened: column.boolean });

/** What an admission found: the user's and the service's live streams before it, and whether it took the place. */
export type StreamAdmission = RowOf<typeof admissionRow>;

export interface StreamClaim {
  id: string;
  user: string;
  /** A row whose heartbeat is older than this is a dead replica's and does not count. */
  staleAfterMs: number;
  perUser: number;
  total: number;
}

/**
 * Takes a place for `claim.user` when the caps allow, in the caller's transaction: opens take turns on an advisory
 * transaction lock, and the count runs after it (a new snapshot), so it sees every stream opened before.
 */
export async function claimStreamConnection(tx: SqlExecutor, claim: StreamClaim): Promise<StreamAdmission> {
  await execute(tx, `SELECT pg_advisory_xact_lock(hashtext('stream_connections'))`);
  return selectOne(
    tx,
    admissionRow,
    `WITH live AS (SELECT user_key FROM stream_connections WHERE seen_at > now() - $3 * interval '1 millisecond'),
          counts AS (SELECT count(*) FILTER (WHERE user_key = $2) AS mine, count(*) AS total FROM live),
          inserted AS (INSERT INTO stream_connections (id, user_key)
                       SELECT $1, $2 FROM counts WHERE mine < $4 AND total < $5 RETURNING id)
     SELECT (SELECT mine FROM counts)::int AS mine, (SELECT total FROM counts)::int AS total,
            EXISTS (SELECT 1 FROM inserted) AS opened`,
    [claim.id, claim.user, claim.staleAfterMs, claim.perUser, claim.total],
  );
}

/** The stream is still there: its heartbeat. */
export async function touchStreamConnection(db: SqlExecutor, id: string): Promise<void> {
  await execute(db, `UPDATE stream_connections SET seen_at = now() WHERE id = $1`, [id]);
}

/** The stream ended: its place is given back. */
export async function deleteStreamConnection(db: SqlExecutor, id: string): Promise<void> {
  await execute(db, `DELETE FROM stream_connections WHERE id = $1`, [id]);
}
