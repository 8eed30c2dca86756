import { addDays, type IsoDate, type WorkingDayCalendar } from '@dxhub/calendar';
import { type Period, type PeriodType, requirePeriod, subPeriods } from '@dxhub/periods';

/** What a period's due day is counted from. */
export const DUE_ANCHORS = ['PERIOD_END', 'CUT_OFF'] as const;
export type DueAnchor = (typeof DUE_ANCHORS)[number];

/** When reports of one period are owed: due `workingDays` working days after the anchor. */
export interface DueRule {
  anchor: DueAnchor;
  workingDays: number;
}

/** The days that matter for one period of an obligation (Vietnamese calendar dates). */
export interface PeriodSchedule {
  /** The day the period's data closes: its last day, or the Decree 09 cut-off (the 14th of its last month). */
  closesOn: IsoDate;
  /** The day after it: reports are owed from then on (`dx.obligation.opened`). */
  opensOn: IsoDate;
  /** The last day a report counts as on time. */
  dueDate: IsoDate;
  /** The first working day after the due day (`dx.obligation.overdue` when reports are missing then). */
  overdueOn: IsoDate;
}

/**
 * The day a period's data closes. Decree 09/2019/NĐ-CP closes each period's data on the 14th of its last month
 * (the "15th to 14th" rule, DOMAIN.md §5 and §F); a period end anchor follows DHIS2's calendar periods instead.
 */
export function closingDay(anchor: DueAnchor, period: Period): IsoDate {
  return anchor === 'PERIOD_END' ? period.end : `${period.end.slice(0, 8)}14`;
}

/**
 * The schedule of a period: due on the `workingDays`-th working day after the day its data closes (0: that day if it
 * is a working day, else the next one), overdue from the first working day after that.
 */
export function periodSchedule(calendar: WorkingDayCalendar, rule: DueRule, period: Period): PeriodSchedule {
  const closesOn = closingDay(rule.anchor, period);
  const dueDate = calendar.addWorkingDays(closesOn, rule.workingDays);
  return { closesOn, opensOn: addDays(closesOn, 1), dueDate, overdueOn: calendar.addWorkingDays(dueDate, 1) };
}

/** Whether a report received on `receivedOn` (a Vietnamese date) is on time for a period due on `dueDate`. */
export function isOnTime(receivedOn: IsoDate, dueDate: IsoDate): boolean {
  return receivedOn <= dueDate;
}

/** The periods of a type whose last day is within [from, to], in calendar order. */
export function periodsEndingBetween(type: PeriodType, from: IsoDate, to: IsoDate): Period[] {
  const periods: Period[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++)
    for (const p of subPeriods(requirePeriod(String(year)), type)) if (p.end >= from && p.end <= to) periods.push(p);
  return periods;
}
