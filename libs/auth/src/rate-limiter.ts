/** Counts requests per key against a per-minute rate; answers 0 (go ahead, counted) or the seconds to wait. */
export interface RateLimiter {
  take(key: string, perMinute: number): Promise<number>;
}

/**
 * The same limits counted in this process only: for an app without a database. N replicas allow N times the rate,
 * so services use PostgresRateLimiter (@dxhub/http).
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
