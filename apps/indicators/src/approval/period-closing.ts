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

/** A lock the programme office put on a period by hand, time as ISO text in UTC. */
export interface ManualLock {
  id: string;
  reason: string;
  lockedBy: string;
  agency: string;
  lockedAt: string;
}

/** Whether a period takes reports at a moment, and what decides it. */
export interface PeriodAcceptance {
  rule: PeriodLockState;
  /** The latest manual lock at or before the moment; null when none. */
  manualLock: ManualLock | null;
  /** Closed by its rule or by a manual lock. */
  closed: boolean;
  /** Until when a re-opening lets reports for the closed period in; null when none holds or the period is open. */
  openUntil: string | null;
  acceptsReports: boolean;
}

/**
 * The period's state at a moment from what held then: its rule's state, the latest manual lock at or before the
 * moment, and the end of the re-opening holding then (one granted after that lock: a lock ends earlier re-openings;
 * periodLocksAt reads both). A period is closed when its rule says so or the programme office locked it, and a
 * closed period takes reports while a re-opening holds.
 */
export function periodAcceptance(
  rule: PeriodLockState,
  manualLock: ManualLock | null,
  reopenedUntil: string | null,
): PeriodAcceptance {
  const closed = rule.closed || manualLock !== null;
  const openUntil = closed ? reopenedUntil : null;
  return { rule, manualLock, closed, openUntil, acceptsReports: !closed || openUntil !== null };
}

/** The refusal of a report for a period locked by hand, as a 422 result or a dead letter's reason. */
export function manualLockReason(periodId: string, lock: ManualLock): string {
  return (
    `period ${periodId} is closed for reports: the programme office (${lock.agency}) locked it at ${lock.lockedAt}, ` +
    `reason ${JSON.stringify(lock.reason)}; the programme office can re-open it (PERIOD_LOCKED)`
  );
}

/**
 * Why a report for the period is refused at the moment of `state`; undefined when it is accepted. When the rule
 * closed the period too, the manual lock is named: it is the programme office's own decision, the one to ask about.
 */
export function refusalReason(periodId: string, state: PeriodAcceptance): string | undefined {
  if (state.acceptsReports) return undefined;
  if (state.manualLock) return manualLockReason(periodId, state.manualLock);
  return state.rule.closed ? periodLockedReason(periodId, state.rule) : undefined;
}
