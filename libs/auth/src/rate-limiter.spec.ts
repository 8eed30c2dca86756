import { WriteRateLimiter } from './rate-limiter';

describe('WriteRateLimiter', () => {
  it('allows a burst of perMinute, then says how long to wait, per key', () => {
    let t = 0;
    const limiter = new WriteRateLimiter(3, () => t);
    expect([limiter.take('A'), limiter.take('A'), limiter.take('A')]).toEqual([0, 0, 0]);
    expect(limiter.take('A')).toBe(20);
    expect(limiter.take('B')).toBe(0);
    t = 20000;
    expect(limiter.take('A')).toBe(0);
    expect(limiter.take('A')).toBeGreaterThan(0);
  });

  it('is off at 0', () => {
    const limiter = new WriteRateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(limiter.take('A')).toBe(0);
  });
});
