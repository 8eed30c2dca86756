import { addDays, dayOfWeek, type IsoDate, isIsoDate } from './iso-date';
import {
  assertServedDate,
  DateOutOfRangeError,
  FIRST_SERVED_DATE,
  FIRST_SERVED_YEAR,
  isServedYear,
  LAST_SERVED_DATE,
  LAST_SERVED_YEAR,
} from './served-dates';
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

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 (a Thursday). */
const epochDay = (date: IsoDate): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOfEpochDay = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** 1969-12-29, a Monday: counting weekdays from a Monday makes every whole week five of them. */
const MONDAY_BEFORE_EPOCH = -3;
/** Monday-to-Friday days from MONDAY_BEFORE_EPOCH up to, not including, `day`: whole weeks, then the rest. */
const weekdaysBefore = (day: number): number => {
  const t = day - MONDAY_BEFORE_EPOCH;
  return Math.floor(t / 7) * 5 + Math.min(t % 7, 5);
};

/**
 * Where the working days of the served years differ from Monday-to-Friday: each weekday off (-1) and each
 * weekend day worked (+1), in date order with running totals, so the difference over any range is two binary
 * searches.
 */
interface Exceptions {
  days: number[];
  /** `before[i]`: the sum of the changes of days[0..i-1]. */
  before: number[];
}

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
    assertServedDate(date);
    const year = this.year(Number(date.slice(0, 4)));
    if (year.workingDays.has(date)) return true;
    return !isWeekend(date) && !year.daysOff.has(date);
  }

  /** The holiday's name when `date` is a holiday or announced day off, else undefined. */
  holidayName(date: IsoDate): string | undefined {
    assertServedDate(date);
    return this.year(Number(date.slice(0, 4))).daysOff.get(date);
  }

  /** Every holiday and announced day off of a year (weekends not listed), in date order. */
  holidays(year: number): { date: IsoDate; name: string }[] {
    if (!isServedYear(year)) throw new DateOutOfRangeError(String(year));
    return [...this.year(year).daysOff]
      .map(([date, name]) => ({ date, name }))
      .sort((a, b) => a.date.localeCompare(b.date));
  }

  /**
   * The `n`-th working day after `date` (before it, for negative `n`); `n = 0` gives `date` itself when it is a
   * working day, else the next one. Dates and results lie in the served years (DateOutOfRangeError beyond them).
   * A binary search over workingDaysBetween: about 16 steps whatever `n`.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    assertServedDate(date);
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, not ${n}`);
    if (n === 0) return this.isWorkingDay(date) ? date : this.addWorkingDays(date, 1);
    const start = epochDay(date);
    if (n > 0) {
      // The working day the count reaches n on is the first day whose count (start, day] is n.
      const last = epochDay(LAST_SERVED_DATE);
      if (this.countBetween(start, last) < n) throw new DateOutOfRangeError(`${date} + ${n} working days`);
      return dateOfEpochDay(this.firstDay(start + 1, last, (day) => this.countBetween(start, day) >= n));
    }
    // Going back: the latest day r with |n| working days in [r, date), i.e. in (r - 1, date - 1].
    const first = epochDay(FIRST_SERVED_DATE);
    const wanted = -n;
    if (this.countBetween(first - 1, start - 1) < wanted)
      throw new DateOutOfRangeError(`${date} - ${wanted} working days`);
    // countBetween(r - 1, start - 1) falls as r grows: find the first r where it drops below `wanted`, step back.
    return dateOfEpochDay(this.firstDay(first, start, (r) => this.countBetween(r - 1, start - 1) < wanted) - 1);
  }

  /**
   * Working days from `from` to `to`: those after `from` up to and including `to` (negative, counted the same
   * way, when `to` is before `from`). A task due on `to` is this many working days away on `from`. Whole weeks
   * are counted by division and the exceptions in range by binary search, so the time does not grow with the
   * range.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    if (!isIsoDate(from) || !isIsoDate(to))
      throw new RangeError(`dates must be in YYYY-MM-DD form: '${from}', '${to}'`);
    assertServedDate(from);
    assertServedDate(to);
    if (from === to) return 0;
    const [a, b, sign] = from < to ? [from, to, 1] : [to, from, -1];
    return sign * this.countBetween(epochDay(a), epochDay(b));
  }

  /** Working days in (a, b] for epoch days within the served years (a may be the day before the first). */
  private countBetween(a: number, b: number): number {
    if (b <= a) return 0;
    const { days, before } = this.exceptions();
    const changeUpTo = (day: number) => before[upperBound(days, day)];
    return weekdaysBefore(b + 1) - weekdaysBefore(a + 1) + changeUpTo(b) - changeUpTo(a);
  }

  /** The first day in [lo, hi] for which `reached` holds (it holds from some day on); hi + 1 when none does. */
  private firstDay(lo: number, hi: number, reached: (day: number) => boolean): number {
    let [low, high] = [lo, hi + 1];
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (reached(mid)) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  private exceptionTable?: Exceptions;

  /** Built once per calendar, from the same year tables isWorkingDay reads. */
  private exceptions(): Exceptions {
    if (this.exceptionTable) return this.exceptionTable;
    const changes: [number, number][] = [];
    for (let y = FIRST_SERVED_YEAR; y <= LAST_SERVED_YEAR; y++) {
      const { daysOff, workingDays } = this.year(y);
      const inYear = (d: IsoDate) => Number(d.slice(0, 4)) === y;
      for (const d of daysOff.keys())
        if (inYear(d) && !isWeekend(d) && !workingDays.has(d)) changes.push([epochDay(d), -1]);
      for (const d of workingDays) if (inYear(d) && isWeekend(d)) changes.push([epochDay(d), +1]);
    }
    changes.sort(([a], [b]) => a - b);
    const before = [0];
    for (const [, change] of changes) before.push(before[before.length - 1] + change);
    this.exceptionTable = { days: changes.map(([d]) => d), before };
    return this.exceptionTable;
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

/** How many of the sorted `values` are <= `x`. */
function upperBound(values: number[], x: number): number {
  let [lo, hi] = [0, values.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isTetDay(year: number, date: IsoDate): boolean {
  const first = LUNAR_NEW_YEAR[year];
  return first !== undefined && date >= addDays(first, -7) && date <= addDays(first, 7);
}
