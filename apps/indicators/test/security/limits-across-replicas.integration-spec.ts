import { bearer } from '@dxhub/testing';
import { type RunningIndicators, startIndicators } from '../indicators-app';

/*
 * Limits that an attacker could multiply by the number of replicas when each replica counted for itself: two
 * replicas of the indicators service on one database share the write limit per agency and the read limit per user.
 * The caps on open event streams are the notifications service's (its test/security/limits-across-replicas).
 */
describe('security: limits hold across replicas (indicators)', () => {
  describe('rate limits, counted in PostgreSQL', () => {
    const WRITES = 10;
    const READS = 15;
    let a: RunningIndicators;
    let b: RunningIndicators;

    beforeAll(async () => {
      const env = { RATE_LIMIT_WRITES_PER_MINUTE: String(WRITES), RATE_LIMIT_READS_PER_MINUTE: String(READS) };
      a = await startIndicators('security-replicas', env);
      b = await startIndicators('security-replicas', env, a);
    });

    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    const write = (replica: RunningIndicators, agency: string) =>
      fetch(`${replica.url}/v1/indicator-values`, {
        method: 'POST',
        headers: { ...bearer({ agency, roles: ['reporter'] }), 'content-type': 'application/json' },
        body: JSON.stringify({
          values: [{ indicatorCode: 'NO_SUCH', orgUnitCode: '815', period: '2024S2', value: 1 }],
        }),
      });
    const read = (replica: RunningIndicators, sub: string) =>
      fetch(`${replica.url}/v1/indicators`, { headers: bearer({ agency: 'STTTT', roles: ['viewer'], sub }) });

    it(`lets an agency make ${WRITES} writes a minute over both replicas together, not ${WRITES} on each`, async () => {
      const statuses: number[] = [];
      const started = Date.now();
      for (let i = 0; i < 2 * WRITES; i++) statuses.push((await write(i % 2 === 0 ? a : b, 'SCT')).status);
      // The bucket refills one write every 60/WRITES s: a slow machine may have earned one or two back meanwhile.
      const refilled = Math.floor((Date.now() - started) / (60000 / WRITES));
      const allowed = statuses.filter((s) => s !== 429).length;
      expect(statuses.slice(0, WRITES).every((s) => s !== 429)).toBe(true);
      expect(allowed).toBeGreaterThanOrEqual(WRITES);
      expect(allowed).toBeLessThanOrEqual(WRITES + refilled);
      const limited = await write(b, 'SCT');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await write(a, 'SNV')).status).not.toBe(429); // another agency goes on
    });

    it(`limits reads per user (${READS} a minute over both replicas, not ${READS} on each); another user goes on`, async () => {
      const statuses: number[] = [];
      const started = Date.now();
      for (let i = 0; i < 2 * READS; i++) statuses.push((await read(i % 2 === 0 ? a : b, 'reader-1')).status);
      const refilled = Math.floor((Date.now() - started) / (60000 / READS));
      expect(statuses.slice(0, READS).every((s) => s === 200)).toBe(true);
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(READS + refilled);
      const limited = await read(a, 'reader-1');
      expect(await limited.json()).toMatchObject({ statusCode: 429, error: 'TOO_MANY_REQUESTS' });
      expect((await read(b, 'reader-2')).status).toBe(200);
      expect((await fetch(`${a.url}/health/live`)).status).toBe(200); // probes are not limited
    });
  });
});
