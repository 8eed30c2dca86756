/**
 * Reporting periods in DHIS2's ISO-like notation: `2024` (year), `2024S1` (half-year),
 * `2024Q3` (quarter), `202407` (month). Dates are calendar dates (no time zone): a period
 * covers `start` to `end` inclusive.
 */
export enum PeriodType {
  YEARLY = 'YEARLY',
  SIX_MONTHLY = 'SIX_MONTHLY',
  QUARTERLY = 'QUARTERLY',
  MONTHLY = 'MONTHLY',
}

/** Coarsest first: a period of one type nests inside exactly one period of every coarser type. */
export const PERIOD_TYPES_COARSE_TO_FINE: readonly PeriodType[] = [
  PeriodType.YEARLY,
  PeriodType.SIX_MONTHLY,
  PeriodType.QUARTERLY,
  PeriodType.MONTHLY,
];

export interface Period {
  /** Canonical notation, e.g. `2024Q3`. */
  readonly id: string;
  readonly type: PeriodType;
  readonly year: number;
  /** First month of the period, 1–12. */
  readonly startMonth: number;
  /** Number of months covered. */
  readonly months: number;
  /** ISO date of the first day. */
  readonly start: string;
  /** ISO date of the last day. */
  readonly end: string;
}

const MONTHS_IN: Record<PeriodType, number> = {
  [PeriodType.YEARLY]: 12,
  [PeriodType.SIX_MONTHLY]: 6,
  [PeriodType.QUARTERLY]: 3,
  [PeriodType.MONTHLY]: 1,
};

// Years outside this window are almost certainly typos; the programme runs 2021–2030.
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

const PATTERNS: ReadonlyArray<[RegExp, PeriodType]> = [
  [/^(\d{4})$/, PeriodType.YEARLY],
  [/^(\d{4})S([12])$/, PeriodType.SIX_MONTHLY],
  [/^(\d{4})Q([1-4])$/, PeriodType.QUARTERLY],
  [/^(\d{4})(0[1-9]|1[0-2])$/, PeriodType.MONTHLY],
];

/** Parses a period id; returns null when it is not valid DHIS2 notation. */
export function parsePeriod(id: string): Period | null {
  const known = BUILT.get(id);
  if (known) return known;
  for (const [pattern, type] of PATTERNS) {
    const match = pattern.exec(id);
    if (!match) continue;
    const year = Number(match[1]);
    if (year < MIN_YEAR || year > MAX_YEAR) return null;
    const ordinal = match[2] === undefined ? 1 : Number(match[2]);
    const months = MONTHS_IN[type];
    return buildPeriod(type, year, (ordinal - 1) * months + 1);
  }
  return null;
}

/** Like parsePeriod, but throws with the reason. */
export function requirePeriod(id: string): Period {
  const period = parsePeriod(id);
  if (!period) throw new RangeError(`'${id}' is not a period in DHIS2 notation (2024, 2024S1, 2024Q3, 202407)`);
  return period;
}

/** The period of the given type that contains `period`; null if that type is finer than the period's own. */
export function enclosingPeriod(period: Period, type: PeriodType): Period | null {
  const months = MONTHS_IN[type];
  if (months < period.months) return null;
  const startMonth = Math.floor((period.startMonth - 1) / months) * months + 1;
  return buildPeriod(type, period.year, startMonth);
}

/** Every strictly coarser period that contains `period`, finest first (month → quarter → half-year → year). */
export function coarserPeriods(period: Period): Period[] {
  return [...PERIOD_TYPES_COARSE_TO_FINE]
    .reverse()
    .filter((type) => MONTHS_IN[type] > period.months)
    .map((type) => enclosingPeriod(period, type) as Period);
}

/** The periods of a finer (or the same) type that make up `period`, in calendar order. */
export function subPeriods(period: Period, type: PeriodType): Period[] {
  const months = MONTHS_IN[type];
  if (months > period.months) return [];
  const subs: Period[] = [];
  for (let month = period.startMonth; month < period.startMonth + period.months; month += months) {
    subs.push(buildPeriod(type, period.year, month));
  }
  return subs;
}

/**
 * Every period built so far, by its id (each valid id is already canonical): periods are immutable, and
 * the intake parses and rolls up thousands of them per batch. At most some 2,100 (1990-2100).
 */
const BUILT = new Map<string, Period>();

function buildPeriod(type: PeriodType, year: number, startMonth: number): Period {
  const id = formatId(type, year, startMonth);
  const built = BUILT.get(id);
  if (built) return built;
  const months = MONTHS_IN[type];
  const endMonth = startMonth + months - 1;
  const lastDay = new Date(Date.UTC(year, endMonth, 0)).getUTCDate();
  const period: Period = Object.freeze({
    id,
    type,
    year,
    startMonth,
    months,
    start: `${year}-${pad(startMonth)}-01`,
    end: `${year}-${pad(endMonth)}-${pad(lastDay)}`,
  });
  BUILT.set(id, period);
  return period;
}

function formatId(type: PeriodType, year: number, startMonth: number): string {
  switch (type) {
    case PeriodType.YEARLY:
      return String(year);
    case PeriodType.SIX_MONTHLY:
      return `${year}S${startMonth <= 6 ? 1 : 2}`;
    case PeriodType.QUARTERLY:
      return `${year}Q${(startMonth + 2) / 3}`;
    case PeriodType.MONTHLY:
      return `${year}${pad(startMonth)}`;
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
