import { InMemoryRateLimiter } from './rate-limiter';

describe('InMemoryRateLimiter', () => {
  it('allows a burst of perMinute, then says how long to wait, per key', async () => {
    let t = 0;
    const limiter = new InMemoryRateLimiter(() => t);
    expect([await limiter.take('A', 3), await limiter.take('A', 3), await limiter.take('A', 3)]).toEqual([0, 0, 0]);
    expect(await limiter.take('A', 3)).toBe(20);
    expect(await limiter.take('B', 3)).toBe(0);
    t = 20000;
    expect(await limiter.take('A', 3)).toBe(0);
    expect(await limiter.take('A', 3)).toBeGreaterThan(0);
  });

  it('is off at 0', async () => {
    const limiter = new InMemoryRateLimiter();
    for (let i = 0; i < 1000; i++) expect(await limiter.take('A', 0)).toBe(0);
  });
});
