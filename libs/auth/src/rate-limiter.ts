/** The query surface a rate limiter needs: a TypeORM DataSource (or EntityManager) fits. */
export interface RateLimitDatabase {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Counts requests per key against a per-minute rate; answers 0 (go ahead, counted) or the seconds to wait. */
export interface RateLimiter {
  take(key: string, perMinute: number): Promise<number>;
}

/**
 * Rate limits counted in PostgreSQL, so N replicas allow the rate once, not N times. Each key is one row of the
 * service's `rate_limits` table holding its GCRA "theoretical arrival time" (tat): a request is allowed when
 * max(tat, now) + one interval lies within a minute of now (bursts of up to `perMinute`, refilled evenly), and then
 * moves tat by one interval. One INSERT … ON CONFLICT DO UPDATE per request decides and counts atomically: two
 * replicas taking the last token at once serialise on the row.
 */
export class PostgresRateLimiter implements RateLimiter {
  constructor(private readonly db: RateLimitDatabase) {}

  async take(key: string, perMinute: number): Promise<number> {
    if (perMinute <= 0) return 0;
    const intervalMs = 60000 / perMinute;
    // SET expressions read the row as it was, so `allowed` and `tat` are decided on the same old tat; now() is the
    // statement's one instant (the guard runs outside any transaction).
    const [row] = (await this.db.query(
      `INSERT INTO rate_limits AS r (key, tat, allowed) VALUES ($1, now() + $2 * interval '1 millisecond', true)
       ON CONFLICT (key) DO UPDATE SET
         allowed = greatest(r.tat, now()) + $2 * interval '1 millisecond' <= now() + interval '1 minute',
         tat = CASE
           WHEN greatest(r.tat, now()) + $2 * interval '1 millisecond' <= now() + interval '1 minute'
           THEN greatest(r.tat, now()) + $2 * interval '1 millisecond'
           ELSE r.tat END
       RETURNING allowed, extract(epoch FROM r.tat + $2 * interval '1 millisecond' - interval '1 minute' - now())::float8 AS wait`,
      [key, intervalMs],
    )) as { allowed: boolean; wait: number }[];
    return row.allowed ? 0 : Math.max(1, Math.ceil(row.wait));
  }
}

/**
 * The same limits counted in this process only: for an app without a database. N replicas allow N times the rate,
 * so services use PostgresRateLimiter.
 */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly tat = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, perMinute: number): Promise<number> {
    if (perMinute <= 0) return 0;
    const intervalMs = 60000 / perMinute;
    const now = this.now();
    const next = Math.max(this.tat.get(key) ?? now, now) + intervalMs;
    if (next <= now + 60000) {
      this.tat.set(key, next);
      return 0;
    }
    return Math.max(1, Math.ceil((next - 60000 - now) / 1000));
  }
}

/** The table PostgresRateLimiter counts in, created by each service's migration in its schema. Unlogged: counts are worth a crash's loss, not WAL. */
export async function createRateLimitTable(q: RateLimitDatabase, schema: string): Promise<void> {
  await q.query(`
    CREATE UNLOGGED TABLE "${schema}".rate_limits (
      key     text        PRIMARY KEY,
      tat     timestamptz NOT NULL,
      allowed boolean     NOT NULL
    )`);
}

export async function dropRateLimitTable(q: RateLimitDatabase, schema: string): Promise<void> {
  await q.query(`DROP TABLE "${schema}".rate_limits`);
}
