import { addDays, dayOfWeek, type IsoDate, isIsoDate } from './iso-date';
import {
  defaultTetDays,
  FIXED_HOLIDAYS,
  HUNG_KINGS_DAY,
  KNOWN_NOTICES,
  LUNAR_NEW_YEAR,
  type YearNotice,
} from './vietnamese-holidays';

interface YearDays {
  /** Days off that are not weekends' own days off, with their names. */
  daysOff: Map<IsoDate, string>;
  /** Weekend days worked that year. */
  workingDays: Set<IsoDate>;
}

/** Saturdays and Sundays are days off for state agencies. */
const isWeekend = (date: IsoDate): boolean => {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
};

/**
 * The working days of Vietnam's state agencies: Monday to Friday, less the statutory holidays (a holiday on a
 * weekend moves to the next working day), with the government's yearly notices (extra days off, swapped
 * working days) on top. Deadlines and reminders count in these days.
 */
export class WorkingDayCalendar {
  private readonly notices = new Map<number, YearNotice[]>();
  private readonly years = new Map<number, YearDays>();

  constructor(notices: readonly YearNotice[] = KNOWN_NOTICES) {
    for (const n of notices) this.notices.set(n.year, [...(this.notices.get(n.year) ?? []), n]);
  }

  /** A calendar with more notices (e.g. the ones an administrator entered) on top of this one's. */
  withNotices(extra: readonly YearNotice[]): WorkingDayCalendar {
    return new WorkingDayCalendar([...[...this.notices.values()].flat(), ...extra]);
  }

  /** Years whose lunar dates the calendar holds; outside them Tết and Hùng Kings' day are unknown. */
  static knownYears(): number[] {
    return Object.keys(LUNAR_NEW_YEAR).map(Number);
  }

  isWorkingDay(date: IsoDate): boolean {
    const year = this.year(Number(date.slice(0, 4)));
    if (year.workingDays.has(date)) return true;
    return !isWeekend(date) && !year.daysOff.has(date);
  }

  /** The holiday's name when `date` is a holiday or announced day off, else undefined. */
  holidayName(date: IsoDate): string | undefined {
    return this.year(Number(date.slice(0, 4))).daysOff.get(date);
  }

  /** Every holiday and announced day off of a year (weekends not listed), in date order. */
  holidays(year: number): { date: IsoDate; name: string }[] {
    return [...this.year(year).daysOff]
      .map(([date, name]) => ({ date, name }))
      .sort((a, b) => a.date.localeCompare(b.date));
  }

  /**
   * The `n`-th working day after `date` (before it, for negative `n`); `n = 0` gives `date` itself when it is a
   * working day, else the next one.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!isIsoDate(date)) throw new RangeError(`'${date}' is not a date in YYYY-MM-DD form`);
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, not ${n}`);
    if (n === 0) return this.isWorkingDay(date) ? date : this.addWorkingDays(date, 1);
    const step = n > 0 ? 1 : -1;
    let left = Math.abs(n);
    let d = date;
    while (left > 0) {
      d = addDays(d, step);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /**
   * Working days from `from` to `to`: those after `from` up to and including `to` (negative, counted the same
   * way, when `to` is before `from`). A task due on `to` is this many working days away on `from`.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    if (!isIsoDate(from) || !isIsoDate(to))
      throw new RangeError(`dates must be in YYYY-MM-DD form: '${from}', '${to}'`);
    if (from === to) return 0;
    const [a, b, sign] = from < to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return sign * count;
  }

  private year(year: number): YearDays {
    let days = this.years.get(year);
    if (!days) {
      days = this.build(year);
      this.years.set(year, days);
    }
    return days;
  }

  private build(year: number): YearDays {
    const notices = this.notices.get(year) ?? [];
    const replaced = new Set(notices.flatMap((n) => n.replaces));
    const statutory = new Map<IsoDate, string>();
    for (const h of FIXED_HOLIDAYS) {
      if (h.monthDay === '09-01' && replaced.has('national-day-adjacent')) continue;
      statutory.set(`${year}-${h.monthDay}`, h.nameVi);
    }
    if (HUNG_KINGS_DAY[year]) statutory.set(HUNG_KINGS_DAY[year], 'Giỗ Tổ Hùng Vương');
    if (!replaced.has('tet')) for (const d of defaultTetDays(year)) statutory.set(d, 'Tết Nguyên Đán');

    const daysOff = new Map(statutory);
    const workingDays = new Set(notices.flatMap((n) => n.workingDays));
    for (const n of notices)
      for (const d of n.daysOff)
        if (!daysOff.has(d)) daysOff.set(d, isTetDay(year, d) ? 'Tết Nguyên Đán' : 'Nghỉ theo thông báo');

    // Labour Code art. 112: a holiday on a weekly day off is taken on the next working day.
    for (const [date, name] of [...statutory].sort(([a], [b]) => a.localeCompare(b))) {
      if (!isWeekend(date)) continue;
      let d = addDays(date, 1);
      while (isWeekend(d) || daysOff.has(d)) d = addDays(d, 1);
      daysOff.set(d, `${name} (nghỉ bù)`);
    }
    return { daysOff, workingDays };
  }
}

function isTetDay(year: number, date: IsoDate): boolean {
  const first = LUNAR_NEW_YEAR[year];
  return first !== undefined && date >= addDays(first, -7) && date <= addDays(first, 7);
}
