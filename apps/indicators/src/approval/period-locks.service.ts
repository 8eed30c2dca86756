import { Inject, Injectable } from '@nestjs/common';
import { auditRequestIn, recordAuditEntries } from '@dxhub/audit';
import type { Principal } from '@dxhub/auth';
import { Clock, WorkingDayCalendar } from '@dxhub/calendar';
import type { SqlExecutor } from '@dxhub/persistence';
import { requirePeriod } from '@dxhub/periods';
import { DataSource } from 'typeorm';
import { parseClosingRules } from '../config/closing-rules';
import { IndicatorsConfig } from '../config/indicators.config';
import { ApprovalErrorCode, ApprovalException } from './approval.exception';
import {
  type ClosingRule,
  describeClosingRule,
  type ManualLock,
  periodAcceptance,
  type PeriodAcceptance,
  periodLockState,
  refusalReason,
} from './period-closing';
import { insertManualLock, PeriodManualLocksRepository, periodLocksAt } from './period-manual-locks.repository';
import { insertReopening, PeriodReopeningsRepository } from './period-reopenings.repository';

/** A re-opening may last at most this long: a period that stays open is a closing rule to change instead. */
const MAX_REOPEN_DAYS = 366;

export interface PeriodReopeningView {
  id: string;
  period: string;
  reason: string;
  openUntil: string;
  openedBy: string;
  agency: string;
  openedAt: string;
}

export interface PeriodLockView {
  period: string;
  /** The closing rule of the period's type, as a sentence; null when periods of this type never close. */
  closingRule: string | null;
  lastReportingDay: string | null;
  /** Closed by its rule or by a manual lock. */
  closed: boolean;
  /** Until when a re-opening lets reports in; null when none holds now. */
  openUntil: string | null;
  /** Whether a report arriving now is accepted. */
  acceptsReports: boolean;
  /** The latest manual lock until now (a re-opening granted after it may hold); null when none. */
  manualLock: ManualLock | null;
  /** Every manual lock, newest first. */
  manualLocks: ManualLock[];
  reopenings: PeriodReopeningView[];
}

/**
 * Period locking: reports for a period that arrive after its last reporting day (PERIOD_CLOSING_RULES; no rule, no
 * closing) or after the programme office locked it by hand are refused with PERIOD_LOCKED, unless the programme
 * office re-opened the period, since its latest manual lock, until a time still to come.
 */
@Injectable()
export class PeriodLocksService {
  private readonly rules: ClosingRule[];
  private readonly calendar = new WorkingDayCalendar();

  constructor(
    /** Only to open the re-opening's and the lock's transactions. */
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly reopenings: PeriodReopeningsRepository,
    private readonly manualLocks: PeriodManualLocksRepository,
    config: IndicatorsConfig,
    private readonly clock: Clock,
  ) {
    this.rules = parseClosingRules(config.PERIOD_CLOSING_RULES).rules;
  }

  /**
   * The refusal reason of each report (by index) whose period is closed and not re-opened at `receivedAt`. One
   * statement per batch, whatever its periods: a manual lock may close any of them, closing rules or not.
   */
  /** `executor`: the caller's transaction (the intake's). */
  async refusals(reports: { period: string }[], receivedAt: Date, executor: SqlExecutor): Promise<Map<number, string>> {
    const refused = new Map<number, string>();
    if (reports.length === 0) return refused;
    const periods = [...new Set(reports.map((r) => r.period))];
    const locks = await periodLocksAt(executor, periods, receivedAt);
    const reasons = new Map<string, string>();
    for (const id of periods) {
      const held = locks.get(id);
      const state = periodAcceptance(
        periodLockState(requirePeriod(id), this.rules, receivedAt, this.calendar),
        held?.manualLock ?? null,
        held?.openUntil ?? null,
      );
      const reason = refusalReason(id, state);
      if (reason) reasons.set(id, reason);
    }
    if (reasons.size === 0) return refused;
    reports.forEach((r, index) => {
      const reason = reasons.get(r.period);
      if (reason) refused.set(index, reason);
    });
    return refused;
  }

  async status(periodId: string, at: Date = this.clock.now()): Promise<PeriodLockView> {
    const period = requirePeriod(periodId);
    const rule = this.rules.find((r) => r.periodType === period.type);
    const [state, manualLocks, reopenings] = await Promise.all([
      this.acceptanceAt(period.id, at),
      this.manualLocks.of(period.id),
      this.reopenings.of(period.id),
    ]);
    return {
      period: period.id,
      closingRule: rule ? `${rule.periodType} periods close ${describeClosingRule(rule)}` : null,
      lastReportingDay: state.rule.lastReportingDay,
      closed: state.closed,
      openUntil: state.openUntil,
      acceptsReports: state.acceptsReports,
      manualLock: state.manualLock,
      manualLocks,
      reopenings,
    };
  }

  /** The period's state at `at`: the intake's statement (periodLocksAt) for one period. */
  private async acceptanceAt(periodId: string, at: Date): Promise<PeriodAcceptance> {
    const held = await this.manualLocks.at(periodId, at);
    const rule = periodLockState(requirePeriod(periodId), this.rules, at, this.calendar);
    return periodAcceptance(rule, held.manualLock, held.openUntil);
  }

  /** Re-opens a closed period until `openUntil`, audited with the reason in the same transaction. */
  async reopen(
    periodId: string,
    input: { reason: string; openUntil: string },
    principal: Principal,
    requestId: string,
  ): Promise<PeriodLockView> {
    const now = this.clock.now();
    const period = requirePeriod(periodId);
    const state = await this.acceptanceAt(period.id, now);
    if (!state.closed) {
      throw new ApprovalException(
        ApprovalErrorCode.PERIOD_NOT_CLOSED,
        state.rule.lastReportingDay
          ? `period ${period.id} is not closed: reports are accepted through ${state.rule.lastReportingDay}`
          : `period ${period.id} is not closed: no closing rule for ${period.type} periods (PERIOD_CLOSING_RULES), ` +
              'and the programme office has not locked it',
      );
    }
    const until = new Date(input.openUntil);
    if (!(until > now) || until.getTime() - now.getTime() > MAX_REOPEN_DAYS * 86_400_000) {
      throw new ApprovalException(
        ApprovalErrorCode.REOPEN_UNTIL_INVALID,
        `openUntil ${input.openUntil} must be in the future and at most ${MAX_REOPEN_DAYS} days away`,
      );
    }
    await this.dataSource.transaction(async (m) => {
      const reopeningId = await insertReopening(m, {
        period: period.id,
        reason: input.reason.trim(),
        openUntil: until,
        openedBy: principal.sub,
        agency: principal.agency,
        openedAt: now,
      });
      await recordAuditEntries(m, [
        {
          actor: principal.sub,
          agency: principal.agency,
          action: 'period.reopened',
          resource: `period-locks/${period.id}`,
          requestId,
          source: 'rest',
          details: { reopeningId, reason: input.reason.trim(), openUntil: until.toISOString() },
        },
      ]);
      await auditRequestIn(m, { reopeningId });
    });
    return this.status(period.id, now);
  }

  /**
   * Locks the period by hand from now on, audited with the reason in the same transaction; it ends the re-openings
   * granted before it. A period that already refuses reports is not locked again.
   */
  async lock(
    periodId: string,
    input: { reason: string },
    principal: Principal,
    requestId: string,
  ): Promise<PeriodLockView> {
    const now = this.clock.now();
    const period = requirePeriod(periodId);
    const state = await this.acceptanceAt(period.id, now);
    if (!state.acceptsReports) {
      throw new ApprovalException(
        ApprovalErrorCode.PERIOD_ALREADY_LOCKED,
        state.manualLock
          ? `period ${period.id} is already locked: the programme office (${state.manualLock.agency}) locked it at ${state.manualLock.lockedAt}`
          : `period ${period.id} is already closed: the last reporting day was ${state.rule.lastReportingDay}`,
      );
    }
    const reason = input.reason.trim();
    await this.dataSource.transaction(async (m) => {
      // The service's clock, as the intake's time of receipt: a report received from this moment on is refused.
      const lockId = await insertManualLock(m, {
        period: period.id,
        reason,
        lockedBy: principal.sub,
        agency: principal.agency,
        lockedAt: now,
      });
      await recordAuditEntries(m, [
        {
          actor: principal.sub,
          agency: principal.agency,
          action: 'period.locked',
          resource: `period-locks/${period.id}`,
          requestId,
          source: 'rest',
          details: { lockId, reason, endsReopeningUntil: state.openUntil },
        },
      ]);
      await auditRequestIn(m, { lockId });
    });
    return this.status(period.id, now);
  }
}
