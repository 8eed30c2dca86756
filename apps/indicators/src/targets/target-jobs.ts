import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock, vietnamDate } from '@dxhub/calendar';
import { OutboxRelayService } from '@dxhub/messaging';
import { type DrainRound, drainExclusively, PeriodicJob } from '@dxhub/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { takeQueuedForJudgement } from '../aggregates/aggregate-events.repository';
import { aggregateRows } from '../aggregates/aggregates.repository';
import { CatalogueService } from '../catalogue/catalogue.service';
import { IndicatorsConfig } from '../config/indicators.config';
import { distinctKeys, refreshScores } from './score-refresh';
import { takeQueuedScoreKeys } from './scores.repository';
import { evaluateTargets } from './target-evaluation';

/**
 * How often queued aggregates are judged: standings and off-track events follow their aggregates within about
 * this. The upper units' aggregates change with every batch and are judged once per run: in 10 s at 2,000
 * reports/s the evaluation took 4.1-4.4 s when run every 200 ms, 3.2-3.5 s every 500 ms.
 */
export const TARGET_EVALUATION_INTERVAL_MS = 500;
/** Queued aggregates judged per transaction; a longer queue is worked off in several. */
export const TARGET_EVALUATION_BATCH = 20000;
/**
 * Queue rows taken per transaction: each is scored in the event loop and its events leave as one outbox row
 * that the relay publishes whole, so a small transaction keeps both from holding up the intake's.
 */
export const SCORE_REFRESH_BATCH = 500;
/**
 * How often the score refresh looks for pairs that have been stale for SCORE_REFRESH_INTERVAL_MS: a burst's pairs
 * are rescored a second at a time as they come due, not all at one tick, so their events do not arrive at the
 * outbox relay all at once ahead of the intake's.
 */
export const SCORE_REFRESH_TICK_MS = 1000;

/**
 * The two background steps behind the write path, each working its queue off under an advisory lock
 * (one replica at a time; drainExclusively), in transactions that put the queued rows back on a crash:
 *
 * - target evaluation: the aggregates the writers queued (target_evaluation_queue) are judged from their
 *   committed state (evaluateTargets: standings, off-track / back-on-track events, the score queue), out of
 *   the intake's transaction; one written again meanwhile is queued again, so its standing ends on its
 *   latest version;
 * - score refresh: each distinct (org unit, period) whose achievements changed (score_refresh_queue) is
 *   rescored from committed achievements once it has been stale for SCORE_REFRESH_INTERVAL_MS (IndicatorsConfig),
 *   with every row queued for it meanwhile, so a province touched by every batch is rescored and published at
 *   most once per interval; the job looks every SCORE_REFRESH_TICK_MS (or every interval, if shorter).
 */
@Injectable()
export class TargetJobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TargetJobs.name);
  private readonly jobs: PeriodicJob[];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly relay: OutboxRelayService,
    private readonly catalogue: CatalogueService,
    private readonly config: IndicatorsConfig,
    private readonly clock: Clock,
  ) {
    this.jobs = [
      new PeriodicJob(
        TARGET_EVALUATION_INTERVAL_MS,
        () => this.evaluateQueuedTargets(),
        this.failed('target evaluation'),
      ),
      new PeriodicJob(
        config.SCORE_REFRESH_INTERVAL_MS > 0 ? Math.min(SCORE_REFRESH_TICK_MS, config.SCORE_REFRESH_INTERVAL_MS) : 0,
        () => this.refreshQueuedScores(),
        this.failed('score refresh'),
      ),
    ];
  }

  onApplicationBootstrap(): void {
    for (const job of this.jobs) job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.jobs.map((job) => job.stop()));
  }

  /** Judges the queued aggregates; returns how many. */
  async evaluateQueuedTargets(): Promise<number> {
    const done = await this.drain('target-evaluation', TARGET_EVALUATION_BATCH, async (m) => {
      const keys = await takeQueuedForJudgement(m, TARGET_EVALUATION_BATCH);
      if (keys.length > 0) {
        await evaluateTargets(m, await aggregateRows(m, keys), this.agencyToday(), this.clock);
      }
      return { taken: keys.length, changed: keys.length };
    });
    return done.taken;
  }

  /** Rescores the queued (org unit, period) pairs stale for SCORE_REFRESH_INTERVAL_MS; returns how many scores changed. */
  async refreshQueuedScores(): Promise<number> {
    const done = await this.drain('score-refresh', SCORE_REFRESH_BATCH, async (m) => {
      // Up to SCORE_REFRESH_BATCH pairs, oldest first, with every row queued for them: a pair queued by many
      // batches is scored once, not once per transaction that happens to take one of its rows.
      const rows = await takeQueuedScoreKeys(m, SCORE_REFRESH_BATCH, this.config.SCORE_REFRESH_INTERVAL_MS);
      const keys = distinctKeys(rows);
      return { taken: keys.length, changed: await refreshScores(m, keys) };
    });
    return done.changed;
  }

  /** Who acts on a status change: today's holder of the responsible agency (the programme office when none is named). */
  private agencyToday(): (responsibleAgency: string | null) => string {
    const today = vietnamDate(this.clock.now());
    return (code) => this.catalogue.agencyHoldingOn(code ?? this.config.APPROVAL_PROGRAMME_OFFICE, today);
  }

  private async drain(
    name: string,
    batchSize: number,
    round: (m: EntityManager) => Promise<DrainRound>,
  ): Promise<DrainRound> {
    const done = await drainExclusively(this.dataSource, `dxhub:indicators:${name}`, batchSize, round);
    if (done.changed > 0) this.relay.nudge();
    return done;
  }

  private failed(step: string): (error: unknown) => void {
    return (error) => this.logger.error({ msg: `${step} failed`, err: error });
  }
}
