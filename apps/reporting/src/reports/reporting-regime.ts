import { type Period, PeriodType, requirePeriod } from '@dxhub/periods';
import type { ReportKind } from '@dxhub/contracts';

/** The report kind of a period's type: a month's report is monthly, and so on. */
export const KIND_OF: Record<PeriodType, ReportKind> = {
  [PeriodType.MONTHLY]: 'MONTHLY',
  [PeriodType.QUARTERLY]: 'QUARTERLY',
  [PeriodType.SIX_MONTHLY]: 'HALF_YEARLY',
  [PeriodType.YEARLY]: 'YEARLY',
};

export interface ReportWindow {
  kind: ReportKind;
  period: string;
  /** First and last day of the data window (YYYY-MM-DD). */
  start: string;
  end: string;
}

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

/**
 * The data window of a period report under Decree 09/2019/NĐ-CP's cut-off rule (DOMAIN.md §5): from the
 * 15th of the month before the period's first month to the 14th of its last month — monthly 15/(m-1) →
 * 14/m, quarterly 15th of the month before the quarter → 14th of its last month, half-yearly 15/12 → 14/6
 * and 15/6 → 14/12, yearly 15/12 of the previous year → 14/12.
 */
export function reportWindow(periodId: string): ReportWindow {
  const p = requirePeriod(periodId);
  const lastMonth = p.startMonth + p.months - 1;
  return {
    kind: KIND_OF[p.type],
    period: p.id,
    start: iso(p.year, p.startMonth - 1, 15),
    end: iso(p.year, lastMonth, 14),
  };
}

/** Of each kind, the latest period whose cut-off (window end) is on or before `today`. */
export function latestClosedPeriods(today: string): ReportWindow[] {
  const [y, m, d] = today.split('-').map(Number);
  // The month whose window closed last: this month from the 15th on, else the previous one.
  let year = y;
  let month = d >= 15 ? m : m - 1;
  if (month < 1) {
    month = 12;
    year -= 1;
  }
  const out: ReportWindow[] = [];
  for (const [type, months] of [
    [PeriodType.MONTHLY, 1],
    [PeriodType.QUARTERLY, 3],
    [PeriodType.SIX_MONTHLY, 6],
    [PeriodType.YEARLY, 12],
  ] as const) {
    // The last period of this type that ends in or before (year, month).
    let endMonth = Math.floor(month / months) * months;
    let endYear = year;
    if (endMonth === 0) {
      endMonth = 12;
      endYear -= 1;
    }
    out.push(reportWindow(periodOf(type, endYear, endMonth - months + 1)));
  }
  return out;
}

function periodOf(type: PeriodType, year: number, startMonth: number): string {
  if (type === PeriodType.YEARLY) return `${year}`;
  if (type === PeriodType.SIX_MONTHLY) return `${year}S${startMonth === 1 ? 1 : 2}`;
  if (type === PeriodType.QUARTERLY) return `${year}Q${(startMonth - 1) / 3 + 1}`;
  return `${year}${String(startMonth).padStart(2, '0')}`;
}

export type { Period };
