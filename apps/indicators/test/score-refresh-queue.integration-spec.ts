import { execute } from '@dxhub/persistence';
import { takeQueuedScoreKeys } from '../src/targets/scores.repository';
import { useIndicators } from './indicators-app';

/** Thrown to roll a test's transaction back once it has checked what it wanted. */
class RolledBack extends Error {}

/*
 * The score refresh queue on the real database: a pair is taken once it has been stale for the interval, with every
 * row queued for it since, so a pair touched by many batches is rescored once; a pair queued more recently waits.
 * The service's own refresh is off (SCORE_REFRESH_INTERVAL_MS=0), so only the test takes from the queue.
 */
describe('score refresh queue (PostgreSQL)', () => {
  const service = useIndicators('score-queue', { SCORE_REFRESH_INTERVAL_MS: '0' });

  it('takes the pairs stale for the interval with all their rows, and leaves the fresher ones queued', async () => {
    await expect(
      service.db.transaction(async (m) => {
        await execute(
          m,
          `INSERT INTO score_refresh_queue (org_unit_id, period, queued_at)
           VALUES (1, '2024', now() - interval '30 seconds'), (2, '2024Q4', now()), (1, '2024', now())`,
        );

        const due = await takeQueuedScoreKeys(m, 500, 10000);
        // Both rows of (1, 2024), the second queued just now: the pair is scored once.
        expect(due).toEqual([
          { org_unit_id: 1, period: '2024' },
          { org_unit_id: 1, period: '2024' },
        ]);

        expect(await takeQueuedScoreKeys(m, 500, 10000)).toEqual([]);
        expect(await takeQueuedScoreKeys(m, 500, 0)).toEqual([{ org_unit_id: 2, period: '2024Q4' }]);
        throw new RolledBack();
      }),
    ).rejects.toBeInstanceOf(RolledBack);
  });
});
