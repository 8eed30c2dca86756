import { randomUUID } from 'node:crypto';
import { finalize, interval, merge, type Observable, Subject, takeUntil, timer } from 'rxjs';
import { RateLimitedError } from '@dxhub/auth';
import { DomainErrorKind, DomainException } from './domain.exception';

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** The database surface the gate needs: a TypeORM DataSource fits. */
export interface StreamGateDatabase extends Queryable {
  transaction<T>(work: (manager: Queryable) => Promise<T>): Promise<T>;
}

export interface StreamLimits {
  /** Open streams one user may hold (over all replicas). */
  perUser: number;
  /** Open streams the service holds in all (over all replicas). */
  total: number;
  /** How often an open stream says it is still there; a row silent for three of these is a dead replica's. */
  heartbeatMs: number;
}

/**
 * Caps server-sent-event streams per user and in all, counted in the service's `stream_connections` table so the
 * caps hold across replicas, and closes each stream when the token that opened it expires. A replica that dies
 * leaves rows behind; they stop counting once their heartbeat is three intervals old.
 */
export class StreamGate {
  constructor(
    private readonly db: StreamGateDatabase,
    private readonly limits: StreamLimits,
  ) {}

  /**
   * Opens a stream for `user` (a token's `agency:sub`, or `anonymous:<address>`): refused with 429 when the user
   * holds `perUser` streams already and 503 when the service holds `total`. The returned stream ends when `source`
   * ends, when `expiresAt` passes, or when the client goes; its row is removed then.
   */
  async open<T>(user: string, expiresAt: Date | undefined, source: Observable<T>): Promise<Observable<T>> {
    const id = randomUUID();
    await this.claim(id, user);
    const expired = expiresAt ? timer(Math.max(0, expiresAt.getTime() - Date.now())) : new Subject<never>();
    const heartbeat = interval(this.limits.heartbeatMs).subscribe(
      () =>
        void this.db.query(`UPDATE stream_connections SET seen_at = now() WHERE id = $1`, [id]).catch(() => undefined),
    );
    return merge(source).pipe(
      takeUntil(expired),
      finalize(() => {
        heartbeat.unsubscribe();
        void this.db.query(`DELETE FROM stream_connections WHERE id = $1`, [id]).catch(() => undefined);
      }),
    );
  }

  private async claim(id: string, user: string): Promise<void> {
    const staleAfterMs = 3 * this.limits.heartbeatMs;
    // Opens take turns on the lock; the count runs after it (a new snapshot), so it sees every stream opened before.
    const row = await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('stream_connections'))`);
      const [counted] = (await m.query(
        `WITH live AS (SELECT user_key FROM stream_connections WHERE seen_at > now() - $3 * interval '1 millisecond'),
              counts AS (SELECT count(*) FILTER (WHERE user_key = $2) AS mine, count(*) AS total FROM live),
              inserted AS (INSERT INTO stream_connections (id, user_key)
                           SELECT $1, $2 FROM counts WHERE mine < $4 AND total < $5 RETURNING id)
         SELECT (SELECT mine FROM counts)::int AS mine, (SELECT total FROM counts)::int AS total,
                EXISTS (SELECT 1 FROM inserted) AS opened`,
        [id, user, staleAfterMs, this.limits.perUser, this.limits.total],
      )) as { mine: number; total: number; opened: boolean }[];
      return counted;
    });
    if (row.opened) return;
    if (row.mine >= this.limits.perUser)
      throw new RateLimitedError(
        Math.ceil(this.limits.heartbeatMs / 1000),
        `you have ${row.mine} streams open, the most one user may hold (${this.limits.perUser}): close one first`,
      );
    throw new DomainException(
      DomainErrorKind.UNAVAILABLE,
      'TOO_MANY_STREAMS',
      `the service holds ${row.total} streams, its limit (${this.limits.total}): retry later`,
    );
  }
}

/** The table StreamGate counts in, created by the migration of each service that streams. Unlogged: rows are live state. */
export async function createStreamConnectionsTable(q: Queryable, schema: string): Promise<void> {
  await q.query(`
    CREATE UNLOGGED TABLE "${schema}".stream_connections (
      id        uuid        PRIMARY KEY,
      user_key  text        NOT NULL,
      opened_at timestamptz NOT NULL DEFAULT now(),
      seen_at   timestamptz NOT NULL DEFAULT now()
    )`);
  await q.query(`CREATE INDEX stream_connections_user ON "${schema}".stream_connections (user_key)`);
}

export async function dropStreamConnectionsTable(q: Queryable, schema: string): Promise<void> {
  await q.query(`DROP TABLE "${schema}".stream_connections`);
}

/** The limits HttpConfig sets (SSE_STREAMS_PER_USER, SSE_STREAMS_TOTAL, SSE_HEARTBEAT_MS). */
export function streamLimitsOf(config: {
  SSE_STREAMS_PER_USER: number;
  SSE_STREAMS_TOTAL: number;
  SSE_HEARTBEAT_MS: number;
}): StreamLimits {
  return {
    perUser: config.SSE_STREAMS_PER_USER,
    total: config.SSE_STREAMS_TOTAL,
    heartbeatMs: config.SSE_HEARTBEAT_MS,
  };
}
