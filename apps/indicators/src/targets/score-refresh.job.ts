import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { OutboxRelayService } from '@dxhub/messaging';
import { DataSource } from 'typeorm';
import { refreshScores, type ScoreKey } from './score-refresh';

/**
 * How often the job looks for stale scores: scores follow their achievements within about this delay.
 * Under a steady intake every run rescores the same org units and years (the province, its districts), so
 * the interval is also how often they are recomputed and published: 3 s costs a third of 1 s.
 */
export const SCORE_REFRESH_INTERVAL_MS = 3000;
/** Queue rows taken per transaction; a longer queue is worked off in several. */
export const SCORE_REFRESH_BATCH = 5000;

/** Lock key of the job: one replica refreshes scores at a time. */
const SCORE_REFRESH_LOCK = `hashtext('dxhub:indicators:score-refresh')`;

/**
 * Recomputes the scores the write path marked stale (score_refresh_queue). Each run takes a
 * transaction-level advisory lock without waiting (with several replicas one works, the others skip),
 * takes the oldest queued pairs out and recomputes each distinct (org unit, year) once from committed
 * achievements, in the same transaction: a crash puts the pairs back. A province touched by every intake
 * batch is scored once per run rather than once per batch.
 */
@Injectable()
export class ScoreRefreshJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ScoreRefreshJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly relay: OutboxRelayService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((error: unknown) => this.logger.error({ msg: 'score refresh failed', err: error }))
        .finally(() => (this.running = undefined));
    }, SCORE_REFRESH_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Works the queue off; returns how many scores changed. */
  async runOnce(): Promise<number> {
    let changed = 0;
    for (;;) {
      const round = await this.dataSource.transaction(async (m) => {
        const [{ locked }] = (await m.query(`SELECT pg_try_advisory_xact_lock(${SCORE_REFRESH_LOCK}) AS locked`)) as {
          locked: boolean;
        }[];
        if (!locked) return { taken: 0, changed: 0 };
        // TypeORM answers a DELETE … RETURNING with [rows, affected count].
        const [keys] = (await m.query(
          `DELETE FROM score_refresh_queue
           WHERE id IN (SELECT id FROM score_refresh_queue ORDER BY id LIMIT $1)
           RETURNING org_unit_id, period`,
          [SCORE_REFRESH_BATCH],
        )) as [ScoreKey[], number];
        return { taken: keys.length, changed: await refreshScores(m, keys) };
      });
      changed += round.changed;
      if (round.changed > 0) this.relay.nudge();
      if (round.taken < SCORE_REFRESH_BATCH) return changed;
    }
  }
}
