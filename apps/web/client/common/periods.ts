import type { Language } from '../i18n/language';
import { vietnamToday } from './format';

/*
 * Periods in DHIS2 notation, as every service takes them: 2024 (year), 2024S1 (half-year), 2024Q3 (quarter),
 * 202407 (month). Names follow official documents: "Quý III/2024" (Roman numerals), "Tháng 7/2024",
 * "6 tháng đầu năm 2024"; in English "Q3 2024", "July 2024", "H1 2024", "Year 2024".
 */

export type PeriodType = 'YEARLY' | 'SIX_MONTHLY' | 'QUARTERLY' | 'MONTHLY';

/** Longest first: the order periods of one year are listed in. */
export const PERIOD_TYPES: readonly PeriodType[] = ['YEARLY', 'SIX_MONTHLY', 'QUARTERLY', 'MONTHLY'];

export interface ParsedPeriod {
  id: string;
  type: PeriodType;
  year: number;
  /** The half (1–2), quarter (1–4) or month (1–12); 1 for a year. */
  index: number;
}

export function parsePeriod(id: string): ParsedPeriod | undefined {
  let m = /^(\d{4})$/.exec(id);
  if (m) return { id, type: 'YEARLY', year: Number(m[1]), index: 1 };
  m = /^(\d{4})S([12])$/.exec(id);
  if (m) return { id, type: 'SIX_MONTHLY', year: Number(m[1]), index: Number(m[2]) };
  m = /^(\d{4})Q([1-4])$/.exec(id);
  if (m) return { id, type: 'QUARTERLY', year: Number(m[1]), index: Number(m[2]) };
  m = /^(\d{4})(0[1-9]|1[0-2])$/.exec(id);
  if (m) return { id, type: 'MONTHLY', year: Number(m[1]), index: Number(m[2]) };
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The period's last day, YYYY-MM-DD; undefined for an id that is not a period. */
export function periodEnd(id: string): string | undefined {
  const p = parsePeriod(id);
  if (!p) return undefined;
  const lastMonth = { YEARLY: 12, SIX_MONTHLY: p.index * 6, QUARTERLY: p.index * 3, MONTHLY: p.index }[p.type];
  const lastDay = new Date(Date.UTC(p.year, lastMonth, 0)).getUTCDate();
  return `${p.year}-${pad(lastMonth)}-${pad(lastDay)}`;
}

/**
 * The day the hierarchy and the catalogue are read at for a period: its last day (the org units and agencies
 * in force then), or today for an id that is not a period.
 */
export function periodEndOrToday(id: string): string {
  return periodEnd(id) ?? vietnamToday();
}

/** A year and every half, quarter and month in it, in that order. */
export function periodsOfYear(year: number): string[] {
  return [
    String(year),
    `${year}S1`,
    `${year}S2`,
    ...[1, 2, 3, 4].map((q) => `${year}Q${q}`),
    ...Array.from({ length: 12 }, (_, i) => `${year}${pad(i + 1)}`),
  ];
}

const typeRank = (p: ParsedPeriod) => PERIOD_TYPES.indexOf(p.type);

/** Oldest first: by year, then the year before its halves, quarters and months, then by index. */
export function comparePeriods(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  if (!pa || !pb) return a.localeCompare(b);
  return pa.year - pb.year || typeRank(pa) - typeRank(pb) || pa.index - pb.index;
}

/**
 * The order of a period choice: newest year first, each year before its halves, quarters and months, and
 * those newest first (2025, 2025S2, 2025S1, 2025Q4 … 202512 …, then 2024).
 */
export function comparePeriodsNewestFirst(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  if (!pa || !pb) return b.localeCompare(a);
  return pb.year - pa.year || typeRank(pa) - typeRank(pb) || pb.index - pa.index;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** "Năm 2025", "6 tháng đầu năm 2025", "Quý III/2025", "Tháng 7/2025" — or the English; an unknown id as given. */
export function periodLabel(language: Language, id: string): string {
  const p = parsePeriod(id);
  if (!p) return id;
  if (language === 'vi') {
    switch (p.type) {
      case 'YEARLY':
        return `Năm ${p.year}`;
      case 'SIX_MONTHLY':
        return `6 tháng ${p.index === 1 ? 'đầu' : 'cuối'} năm ${p.year}`;
      case 'QUARTERLY':
        return `Quý ${ROMAN[p.index - 1]}/${p.year}`;
      case 'MONTHLY':
        return `Tháng ${p.index}/${p.year}`;
    }
  }
  switch (p.type) {
    case 'YEARLY':
      return `Year ${p.year}`;
    case 'SIX_MONTHLY':
      return `H${p.index} ${p.year}`;
    case 'QUARTERLY':
      return `Q${p.index} ${p.year}`;
    case 'MONTHLY':
      return new Date(Date.UTC(p.year, p.index - 1, 1)).toLocaleDateString('en-GB', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });
  }
}

/** The period's name with its code when the name does not already say it: "Quý III/2025 (2025Q3)", "Năm 2025". */
export function periodText(language: Language, id: string): string {
  const label = periodLabel(language, id);
  return label.includes(id) ? label : `${label} (${id})`;
}

const TYPE_NAMES: Record<Language, Record<PeriodType, string>> = {
  vi: { YEARLY: 'Năm', SIX_MONTHLY: '6 tháng', QUARTERLY: 'Quý', MONTHLY: 'Tháng' },
  en: { YEARLY: 'Year', SIX_MONTHLY: 'Half-year', QUARTERLY: 'Quarter', MONTHLY: 'Month' },
};

/** "Quý" / "Quarter" for QUARTERLY; a type the app does not know, as given. */
export function periodTypeLabel(language: Language, type: string): string {
  return (PERIOD_TYPES as readonly string[]).includes(type) ? TYPE_NAMES[language][type as PeriodType] : type;
}

/** A period choice's options grouped by year, newest first, each named with its code ("Quý III/2025 (2025Q3)"). */
export function periodOptionsByYear(language: Language, periods: readonly string[]) {
  const newestFirst = [...periods].sort(comparePeriodsNewestFirst);
  const years = [...new Set(newestFirst.map((p) => p.slice(0, 4)))];
  return years.map((year) => ({
    label: year,
    title: year,
    options: newestFirst.filter((p) => p.startsWith(year)).map((p) => ({ value: p, label: periodText(language, p) })),
  }));
}

/** The years with figures (yearly periods), oldest first. */
export function yearsOf(periods: readonly string[] | undefined): string[] {
  return (periods ?? []).filter((p) => parsePeriod(p)?.type === 'YEARLY').sort(comparePeriods);
}

/** The period a screen opens on when none is chosen: the newest year with figures (the DTI is yearly). */
export function defaultPeriod(periods: readonly string[] | undefined): string | undefined {
  if (!periods || periods.length === 0) return undefined;
  return yearsOf(periods).at(-1) ?? [...periods].sort(comparePeriodsNewestFirst)[0];
}
