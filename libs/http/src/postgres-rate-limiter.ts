import type { RateLimiter } from '@dxhub/auth';
import type { SqlExecutor } from '@dxhub/persistence';
import { takeRateLimitToken } from './rate-limits.repository';

/**
 * Rate limits counted in PostgreSQL, so N replicas allow the rate once, not N times. Each key is one row of the
 * service's `rate_limits` table holding its GCRA "theoretical arrival time" (tat): a request is allowed when
 * max(tat, now) + one interval lies within a minute of now (bursts of up to `perMinute`, refilled evenly), and then
 * moves tat by one interval. One INSERT … ON CONFLICT DO UPDATE per request decides and counts atomically: two
 * replicas taking the last token at once serialise on the row.
 */
export class PostgresRateLimiter implements RateLimiter {
  constructor(private readonly db: SqlExecutor) {}

  async take(key: string, perMinute: number): Promise<number> {
    if (perMinute <= 0) return 0;
    const intervalMs = 60000 / perMinute;
    const row = await takeRateLimitToken(this.db, key, intervalMs);
    return row.allowed ? 0 : Math.max(1, Math.ceil(row.wait));
  }
}
