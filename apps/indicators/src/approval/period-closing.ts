import { addDays, type IsoDate, vietnamDate, type WorkingDayCalendar } from '@dxhub/calendar';
import type { Period } from '@dxhub/periods';
import type { ClosingRule } from '../config/closing-rules';

export type { ClosingRule } from '../config/closing-rules';

/** The rule as people read it: `10 working days after the period end`. */
export function describeClosingRule(rule: ClosingRule): string {
  return `${rule.days} ${rule.working ? 'working ' : ''}day${rule.days === 1 ? '' : 's'} after the period end`;
}

/**
 * The last day (Vietnamese calendar) on which reports for the period are accepted: the N-th (working) day
 * after its last day. A rule of 0 working days keeps the period open through the first working day on or
 * after its end.
 */
export function lastReportingDay(period: Period, rule: ClosingRule, calendar: WorkingDayCalendar): IsoDate {
  return rule.working ? calendar.addWorkingDays(period.end, rule.days) : addDays(period.end, rule.days);
}

export type PeriodLockState =
  { closed: false; lastReportingDay: IsoDate | null } | { closed: true; lastReportingDay: IsoDate; rule: ClosingRule };

/** Whether reports for the period that arrive at `at` fall after its last reporting day. */
export function periodLockState(
  period: Period,
  rules: readonly ClosingRule[],
  at: Date,
  calendar: WorkingDayCalendar,
): PeriodLockState {
  const rule = rules.find((r) => r.periodType === period.type);
  if (!rule) return { closed: false, lastReportingDay: null };
  const last = lastReportingDay(period, rule, calendar);
  return vietnamDate(at) > last
    ? { closed: true, lastReportingDay: last, rule }
    : { closed: false, lastReportingDay: last };
}

/** The refusal of a report for a closed period, as a 422 result or a dead letter's reason. */
export function periodLockedReason(periodId: string, state: Extract<PeriodLockState, { closed: true }>): string {
  return (
    `period ${periodId} is closed for reports: the last reporting day was ${state.lastReportingDay} ` +
    `(${state.rule.periodType} periods close ${describeClosingRule(state.rule)}); the programme office can re-open it (PERIOD_LOCKED)`
  );
}
