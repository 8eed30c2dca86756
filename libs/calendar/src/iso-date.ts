/** Calendar dates as `YYYY-MM-DD` strings: no time zone, no time of day, so no off-by-one at midnight. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in `YYYY-MM-DD` form (2025-02-29 is not one). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function toUtc(date: IsoDate): Date {
  if (!isIsoDate(date)) throw new RangeError(`'${date}' is not a date in YYYY-MM-DD form`);
  return new Date(`${date}T00:00:00Z`);
}

/** The date `days` calendar days after `date` (before, when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return toUtc(date).getUTCDay();
}

/** The date in Vietnam (UTC+7, no daylight saving) at an instant: deadlines are Vietnamese calendar days. */
export function vietnamDate(at: Date): IsoDate {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
