import { column, type RowOf, rowShape, selectOne, type SqlExecutor } from '@dxhub/persistence';

/* The statement on the service's `rate_limits` table (createRateLimitTable in @dxhub/auth), for PostgresRateLimiter. */

const takenRow = rowShape({ allowed: column.boolean, wait: column.number });

/** Whether the request was allowed (and counted), and else the seconds until it would be. */
export type RateLimitTake = RowOf<typeof takenRow>;

/**
 * One GCRA step for `key`, deciding and counting in one INSERT … ON CONFLICT DO UPDATE: SET expressions read the row
 * as it was, so `allowed` and `tat` are decided on the same old tat; now() is the statement's one instant (the guard
 * runs outside any transaction). Two replicas taking the last token at once serialise on the row.
 */
export async function takeRateLimitToken(db: SqlExecutor, key: string, intervalMs: number): Promise<RateLimitTake> {
  return selectOne(
    db,
    takenRow,
    `INSERT INTO rate_limits AS r (key, tat, allowed) VALUES ($1, now() + $2 * interval '1 millisecond', true)
     ON CONFLICT (key) DO UPDATE SET
       allowed = greatest(r.tat, now()) + $2 * interval '1 millisecond' <= now() + interval '1 minute',
       tat = CASE
         WHEN greatest(r.tat, now()) + $2 * interval '1 millisecond' <= now() + interval '1 minute'
         THEN greatest(r.tat, now()) + $2 * interval '1 millisecond'
         ELSE r.tat END
     RETURNING allowed, extract(epoch FROM r.tat + $2 * interval '1 millisecond' - interval '1 minute' - now())::float8 AS wait`,
    [key, intervalMs],
  );
}
