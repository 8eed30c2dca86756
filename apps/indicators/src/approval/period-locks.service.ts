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
import { type ClosingRule, describeClosingRule, periodLockedReason, periodLockState } from './period-closing';
import { insertReopening, PeriodReopeningsRepository, periodsReopenedAt } from './period-reopenings.repository';

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
  closed: boolean;
  /** Until when a re-opening lets reports in; null when none holds now. */
  openUntil: string | null;
  /** Whether a report arriving now is accepted. */
  acceptsReports: boolean;
  reopenings: PeriodReopeningView[];
}

/**
 * Period locking (off unless PERIOD_CLOSING_RULES is set): reports for a period that arrive after its last
 * reporting day are refused with PERIOD_LOCKED, unless the programme office re-opened the period until a
 * time still to come.
 */
@Injectable()
export class PeriodLocksService {
  private readonly rules: ClosingRule[];
  private readonly calendar = new WorkingDayCalendar();

  constructor(
    /** Only to open the re-opening's transaction. */
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly reopenings: PeriodReopeningsRepository,
    config: IndicatorsConfig,
    private readonly clock: Clock,
  ) {
    this.rules = parseClosingRules(config.PERIOD_CLOSING_RULES).rules;
  }

  /**
   * The refusal reason of each report (by index) whose period is closed and not re-opened at `receivedAt`.
   * Reads the database only when some period of the batch is closed.
   */
  /** `executor`: the caller's transaction (the intake's). */
  async refusals(reports: { period: string }[], receivedAt: Date, executor: SqlExecutor): Promise<Map<number, string>> {
    const refused = new Map<number, string>();
    if (this.rules.length === 0) return refused;
    const closed = new Map<string, string>();
    for (const id of new Set(reports.map((r) => r.period))) {
      const state = periodLockState(requirePeriod(id), this.rules, receivedAt, this.calendar);
      if (state.closed) closed.set(id, periodLockedReason(id, state));
    }
    if (closed.size === 0) return refused;
    for (const period of await periodsReopenedAt(executor, [...closed.keys()], receivedAt)) closed.delete(period);
    reports.forEach((r, index) => {
      const reason = closed.get(r.period);
      if (reason) refused.set(index, reason);
    });
    return refused;
  }

  async status(periodId: string, at: Date = this.clock.now()): Promise<PeriodLockView> {
    const period = requirePeriod(periodId);
    const state = periodLockState(period, this.rules, at, this.calendar);
    const rule = this.rules.find((r) => r.periodType === period.type);
    const reopenings = await this.reopenings.of(period.id);
    const holding =
      reopenings
        .filter((r) => new Date(r.openUntil) > at)
        .map((r) => r.openUntil)
        .sort()
        .at(-1) ?? null;
    return {
      period: period.id,
      closingRule: rule ? `${rule.periodType} periods close ${describeClosingRule(rule)}` : null,
      lastReportingDay: state.lastReportingDay,
      closed: state.closed,
      openUntil: state.closed ? holding : null,
      acceptsReports: !state.closed || holding !== null,
      reopenings,
    };
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
    const state = periodLockState(period, this.rules, now, this.calendar);
    if (!state.closed) {
      throw new ApprovalException(
        ApprovalErrorCode.PERIOD_NOT_CLOSED,
        state.lastReportingDay
          ? `period ${period.id} is not closed: reports are accepted through ${state.lastReportingDay}`
          : `period ${period.id} never closes: no closing rule for ${period.type} periods (PERIOD_CLOSING_RULES)`,
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
}
