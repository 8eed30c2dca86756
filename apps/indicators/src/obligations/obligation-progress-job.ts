import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '@dxhub/calendar';
import { EventTypes, serviceSource } from '@dxhub/contracts';
import { appendToOutbox, type OutboxEvent, type OutboxEventOf, OutboxRelayService } from '@dxhub/messaging';
import { counter } from '@dxhub/observability';
import { type Period, parsePeriod } from '@dxhub/periods';
import { drainExclusively, PeriodicJob } from '@dxhub/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { IndicatorsConfig } from '../config/indicators.config';
import { type Obligation, owesPeriodEnding } from './obligation';
import {
  type ChangedProgress,
  type ProgressCounts,
  storeChangedProgress,
  takeQueuedProgress,
} from './obligation-progress.repository';
import { type ObligationPeriod, ObligationsService } from './obligations.service';
import { countReports } from './report-counts';

const published = counter('dx_obligation_progress_published_total', 'Obligation period counts published', []);

/** Queued rows taken per transaction; a longer queue is worked off in several. */
export const OBLIGATION_PROGRESS_BATCH = 10000;
const SOURCE = serviceSource('indicators');

/**
 * `dx.obligation.progress-updated`: the report counts of the obligation periods whose (indicator, period) pairs
 * were queued (obligation_progress_queue: the aggregate writers' pairs, the periods the scheduler opens, the
 * reported periods of an obligation defined), recounted with the completeness endpoint's own code
 * (ObligationsService.obligationPeriods, countReports) and published when they differ from the stored ones, with
 * the next version, in the transaction that stores them (obligation_progress) and takes the queue. Runs every
 * OBLIGATION_PROGRESS_INTERVAL_MS (0: off) under an advisory lock (drainExclusively: one replica at a time; a
 * crash puts the queue rows back).
 */
@Injectable()
export class ObligationProgressJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ObligationProgressJob.name);
  private readonly job: PeriodicJob;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: IndicatorsConfig,
    private readonly clock: Clock,
    private readonly obligations: ObligationsService,
    private readonly relay: OutboxRelayService,
  ) {
    this.job = new PeriodicJob(
      this.config.OBLIGATION_PROGRESS_INTERVAL_MS,
      () => this.publishQueuedProgress(),
      (error) => this.logger.error({ msg: 'obligation progress failed', err: error }),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
  }

  /** Recounts the queued obligation periods and publishes those that changed; returns how many it published. */
  async publishQueuedProgress(): Promise<number> {
    const done = await drainExclusively(
      this.dataSource,
      'dxhub:indicators:obligation-progress',
      OBLIGATION_PROGRESS_BATCH,
      (m) => this.round(m),
    );
    if (done.changed > 0) {
      published.inc(done.changed);
      this.relay.nudge();
    }
    return done.changed;
  }

  private async round(m: EntityManager): Promise<{ taken: number; changed: number }> {
    const { taken, pairs } = await takeQueuedProgress(m, OBLIGATION_PROGRESS_BATCH);
    if (pairs.length === 0) return { taken, changed: 0 };
    const periods = (await this.obligations.obligationPeriods(owedPeriodsOf(await this.obligations.list(), pairs)))
      // A period no agency owes raises no events (as the scheduler's).
      .filter((p) => p.owing.found);
    const counted = periods.map((p) => ({
      period: p,
      counts: {
        obligationCode: p.obligation.code,
        period: p.period.id,
        agency: owingCode(p),
        dueDate: p.schedule.dueDate,
        ...counts(p),
      },
    }));
    const changed = await storeChangedProgress(
      m,
      counted.map((c) => c.counts),
      this.clock.now(),
    );
    const changedOf = new Map(changed.map((c) => [`${c.obligationCode}|${c.period}`, c]));
    await appendToOutbox(
      m,
      counted.flatMap(({ period, counts }) => {
        const c = changedOf.get(`${counts.obligationCode}|${counts.period}`);
        return c ? [progressEvent(period, counts, c)] : [];
      }),
    );
    return { taken, changed: changed.length };
  }
}

/** The obligation periods the pairs touch: an obligation over the indicator, of the period's type, owing it. */
export function owedPeriodsOf(
  obligations: readonly Obligation[],
  pairs: readonly { indicatorCode: string; period: string }[],
): { obligation: Obligation; period: Period }[] {
  const owed = new Map<string, { obligation: Obligation; period: Period }>();
  for (const pair of pairs) {
    const period = parsePeriod(pair.period);
    if (!period) continue;
    for (const obligation of obligations) {
      if (obligation.periodType !== period.type || !obligation.indicatorCodes.includes(pair.indicatorCode)) continue;
      if (owesPeriodEnding(obligation, period.end)) owed.set(`${obligation.code}|${period.id}`, { obligation, period });
    }
  }
  return [...owed.values()];
}

function owingCode(p: ObligationPeriod): string {
  return p.owing.found ? p.owing.agency.code : p.obligation.agencyCode;
}

function counts(p: ObligationPeriod): { expectedReports: number; receivedReports: number; onTimeReports: number } {
  const { expectedReports, receivedReports, onTimeReports } = countReports(p.reports);
  return { expectedReports, receivedReports, onTimeReports };
}

function progressEvent(p: ObligationPeriod, counted: ProgressCounts, changed: ChangedProgress): OutboxEvent {
  const { obligation, period } = p;
  const event: OutboxEventOf<typeof EventTypes.OBLIGATION_PROGRESS_UPDATED> = {
    key: obligation.code,
    id: `obligation-progress:${obligation.code}:${period.id}:v${changed.version}`,
    type: EventTypes.OBLIGATION_PROGRESS_UPDATED,
    source: SOURCE,
    subject: `${obligation.code}/${period.id}`,
    time: changed.updatedAt,
    payload: {
      obligationCode: obligation.code,
      nameVi: obligation.nameVi,
      nameEn: obligation.nameEn,
      agency: counted.agency,
      declaredAgency: obligation.agencyCode,
      period: period.id,
      periodType: obligation.periodType,
      dueDate: counted.dueDate,
      expectedReports: counted.expectedReports,
      receivedReports: counted.receivedReports,
      onTimeReports: counted.onTimeReports,
      version: changed.version,
      updatedAt: changed.updatedAt,
    },
  };
  return event as OutboxEvent;
}
