import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { addDays, Clock, type IsoDate, vietnamDate } from '@dxhub/calendar';
import { EventTypes, type ObligationEventBaseV1, type PayloadOf, serviceSource } from '@dxhub/contracts';
import { appendToOutbox, type OutboxEvent, type OutboxEventOf, OutboxRelayService } from '@dxhub/messaging';
import { counter } from '@dxhub/observability';
import { type Period } from '@dxhub/periods';
import { PeriodicJob, runExclusively } from '@dxhub/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { IndicatorsConfig } from '../config/indicators.config';
import { type Obligation, owesPeriodEnding } from './obligation';
import { queueProgress } from './obligation-progress.repository';
import { type PeriodSchedule, periodsEndingBetween } from './obligation-schedule';
import { type ObligationEventKind, ObligationsRepository } from './obligations.repository';
import { type ObligationPeriod, ObligationsService } from './obligations.service';
import { missingOrgUnitCodes } from './report-counts';

const emitted = counter('dx_obligation_events_total', 'Obligation events emitted by the scheduler', ['kind']);

/** Lock name of the scheduler: one replica runs at a time. */
const SCHEDULER_LOCK = 'indicators.obligation-scheduler';
const SOURCE = serviceSource('indicators');

export type { ObligationEventKind } from './obligations.repository';

/** What one run emitted, as `<obligation>/<period>`; `skipped` when another replica held the lock. */
export interface ObligationRun {
  today: IsoDate;
  skipped: boolean;
  opened: string[];
  dueSoon: string[];
  overdue: string[];
}

interface Candidate {
  obligation: Obligation;
  period: Period;
  schedule: PeriodSchedule;
  kinds: ObligationEventKind[];
}

/**
 * Obligation events in working days, on the timer and lock shared with the tasks service's deadline scheduler
 * (libs/persistence PeriodicJob, runExclusively). Each event is recorded in obligation_events_emitted under
 * (obligation, period, kind) in the same transaction as its outbox row, so it fires once however often runs repeat:
 *
 * - `dx.obligation.opened`: from the day after the period's data closes;
 * - `dx.obligation.due-soon`: within OBLIGATION_DUE_SOON_WORKING_DAYS working days of the due day, reports missing;
 * - `dx.obligation.overdue`: from the first working day after the due day, reports missing.
 *
 * Periods due more than OBLIGATION_EVENTS_LOOKBACK_DAYS ago are left alone. "Today" is the Vietnamese date of the
 * injected Clock, which tests set.
 */

type ObligationEventType =
  typeof EventTypes.OBLIGATION_OPENED | typeof EventTypes.OBLIGATION_DUE_SOON | typeof EventTypes.OBLIGATION_OVERDUE;
@Injectable()
export class ObligationScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ObligationScheduler.name);
  private readonly job: PeriodicJob;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: IndicatorsConfig,
    private readonly clock: Clock,
    private readonly obligations: ObligationsService,
    private readonly relay: OutboxRelayService,
    private readonly repository: ObligationsRepository,
  ) {
    this.job = new PeriodicJob(
      this.config.OBLIGATION_SCHEDULER_INTERVAL_MS,
      () => this.runOnce(),
      (error) => this.logger.error({ msg: 'obligation scheduler run failed', err: error }),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
  }

  async runOnce(): Promise<ObligationRun> {
    const now = this.clock.now();
    const today = vietnamDate(now);
    const candidates = this.candidates(await this.obligations.list(), today);
    const exclusive = await runExclusively(this.dataSource, SCHEDULER_LOCK, async (m) => {
      const pending = await this.notYetEmitted(m, candidates);
      const periods = await this.obligations.obligationPeriods(pending);
      const run: ObligationRun = { today, skipped: false, opened: [], dueSoon: [], overdue: [] };
      const events: OutboxEvent[] = [];
      for (const [i, p] of periods.entries()) {
        if (!p.owing.found) {
          this.logger.warn({
            msg: 'no agency owes an obligation period',
            obligation: p.obligation.code,
            period: p.period.id,
            reason: p.owing.reason,
          });
          continue;
        }
        const missing = p.reports.filter((r) => r.receivedOn === null);
        for (const kind of pending[i].kinds) {
          if (p.reports.length === 0 || (kind !== 'opened' && missing.length === 0)) continue;
          const claimed = await this.repository.claimEvent(m, {
            obligationCode: p.obligation.code,
            period: p.period.id,
            kind,
            eventId: obligationEventId(p, kind),
          });
          if (!claimed) continue;
          events.push(this.event(p, kind, today, now));
          ({ opened: run.opened, 'due-soon': run.dueSoon, overdue: run.overdue })[kind].push(
            `${p.obligation.code}/${p.period.id}`,
          );
        }
      }
      await appendToOutbox(m, events);
      // The periods that opened are recounted (ObligationProgressJob), so one without reports still shows what it expects.
      await queueProgress(
        m,
        periods
          .filter((p) => run.opened.includes(`${p.obligation.code}/${p.period.id}`))
          .flatMap((p) => p.obligation.indicatorCodes.map((indicatorCode) => ({ indicatorCode, period: p.period.id }))),
      );
      return run;
    });
    if (exclusive.skipped) return { today, skipped: true, opened: [], dueSoon: [], overdue: [] };
    const run = exclusive.result;
    emitted.inc({ kind: 'opened' }, run.opened.length);
    emitted.inc({ kind: 'due-soon' }, run.dueSoon.length);
    emitted.inc({ kind: 'overdue' }, run.overdue.length);
    if (run.opened.length + run.dueSoon.length + run.overdue.length > 0) {
      this.relay.nudge();
      this.logger.log({ msg: 'obligation events', ...run });
    }
    return run;
  }

  /** Periods whose schedule calls for an event today (reports not looked at yet: that needs the database). */
  private candidates(obligations: readonly Obligation[], today: IsoDate): Candidate[] {
    const oldestDue = addDays(today, -this.config.OBLIGATION_EVENTS_LOOKBACK_DAYS);
    const calendar = this.obligations.calendar;
    const candidates: Candidate[] = [];
    for (const obligation of obligations) {
      // A period ends at most ~6 months (120 working days) before its due day, and a cut-off up to a month before its end.
      for (const period of periodsEndingBetween(obligation.periodType, addDays(oldestDue, -200), addDays(today, 400))) {
        if (!owesPeriodEnding(obligation, period.end)) continue;
        const schedule = this.obligations.scheduleOf(obligation, period);
        if (schedule.dueDate < oldestDue) continue;
        const kinds: ObligationEventKind[] = [];
        if (today >= schedule.opensOn) kinds.push('opened');
        if (
          today <= schedule.dueDate &&
          calendar.workingDaysBetween(today, schedule.dueDate) <= this.config.OBLIGATION_DUE_SOON_WORKING_DAYS
        )
          kinds.push('due-soon');
        if (today >= schedule.overdueOn) kinds.push('overdue');
        if (kinds.length > 0) candidates.push({ obligation, period, schedule, kinds });
      }
    }
    return candidates;
  }

  /** The candidates with the kinds already emitted taken out (those left with none dropped). */
  private async notYetEmitted(m: EntityManager, candidates: readonly Candidate[]): Promise<Candidate[]> {
    if (candidates.length === 0) return [];
    const rows = await this.repository.emittedEvents(
      m,
      [...new Set(candidates.map((c) => c.obligation.code))],
      [...new Set(candidates.map((c) => c.period.id))],
    );
    const done = new Set(rows.map((r) => `${r.code}|${r.period}|${r.kind}`));
    return candidates
      .map((c) => ({ ...c, kinds: c.kinds.filter((k) => !done.has(`${c.obligation.code}|${c.period.id}|${k}`)) }))
      .filter((c) => c.kinds.length > 0);
  }

  private event(p: ObligationPeriod, kind: ObligationEventKind, today: IsoDate, now: Date): OutboxEvent {
    const { obligation, period, schedule } = p;
    const received = p.reports.filter((r) => r.receivedOn !== null);
    const base: ObligationEventBaseV1 = {
      obligationCode: obligation.code,
      nameVi: obligation.nameVi,
      nameEn: obligation.nameEn,
      agency: p.owing.found ? p.owing.agency.code : obligation.agencyCode,
      declaredAgency: obligation.agencyCode,
      ...(obligation.indicatorCodes.length === 1 ? { indicatorCode: obligation.indicatorCodes[0] } : {}),
      indicatorCodes: obligation.indicatorCodes,
      period: period.id,
      periodType: obligation.periodType,
      orgUnitCodes: obligation.orgUnitCodes,
      dueDate: schedule.dueDate,
      expectedReports: p.reports.length,
      receivedReports: received.length,
      occurredAt: now.toISOString(),
    };
    const calendar = this.obligations.calendar;
    const message = <T extends ObligationEventType>(type: T, payload: PayloadOf<T>): OutboxEvent => {
      const event: OutboxEventOf<T> = {
        key: obligation.code,
        id: obligationEventId(p, kind),
        type,
        source: SOURCE,
        subject: `${obligation.code}/${period.id}`,
        time: now.toISOString(),
        payload,
      };
      return event as OutboxEvent;
    };
    if (kind === 'opened') return message(EventTypes.OBLIGATION_OPENED, { ...base, opensOn: schedule.opensOn });
    if (kind === 'due-soon')
      return message(EventTypes.OBLIGATION_DUE_SOON, {
        ...base,
        workingDaysLeft: calendar.workingDaysBetween(today, schedule.dueDate),
      });
    return message(EventTypes.OBLIGATION_OVERDUE, {
      ...base,
      workingDaysOverdue: calendar.workingDaysBetween(schedule.dueDate, today),
      missingOrgUnitCodes: missingOrgUnitCodes(p.reports),
    });
  }
}

/** The CloudEvents id of an obligation event: one per obligation, period and kind. */
function obligationEventId(p: ObligationPeriod, kind: ObligationEventKind): string {
  return `obligation:${p.obligation.code}:${p.period.id}:${kind}`;
}
