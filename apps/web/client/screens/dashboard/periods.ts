import type { Language } from '../../i18n/language';

/*
 * Periods in DHIS2 notation, as every service takes them: 2024 (year), 2024S1 (half-year), 2024Q3 (quarter),
 * 202407 (month). The dashboard needs each one's last day (the hierarchy of org units in force then), its type
 * (to group the choice) and a name a person reads.
 */

export type PeriodType = 'YEARLY' | 'SIX_MONTHLY' | 'QUARTERLY' | 'MONTHLY';

export interface ParsedPeriod {
  id: string;
  type: PeriodType;
  year: number;
  /** The half (1–2), quarter (1–4) or month (1–12); 0 for a year. */
  index: number;
  /** Its last day, YYYY-MM-DD. */
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function parsePeriod(id: string): ParsedPeriod | null {
  let m = /^(\d{4})$/.exec(id);
  if (m) return { id, type: 'YEARLY', year: +m[1], index: 0, end: `${m[1]}-12-31` };
  m = /^(\d{4})S([12])$/.exec(id);
  if (m) return { id, type: 'SIX_MONTHLY', year: +m[1], index: +m[2], end: lastDay(+m[1], +m[2] * 6) };
  m = /^(\d{4})Q([1-4])$/.exec(id);
  if (m) return { id, type: 'QUARTERLY', year: +m[1], index: +m[2], end: lastDay(+m[1], +m[2] * 3) };
  m = /^(\d{4})(0[1-9]|1[0-2])$/.exec(id);
  if (m) return { id, type: 'MONTHLY', year: +m[1], index: +m[2], end: lastDay(+m[1], +m[2]) };
  return null;
}

/** The period's last day (the date the hierarchy and the catalogue are read at); today's for an unknown id. */
export function periodEnd(id: string): string {
  return parsePeriod(id)?.end ?? new Date().toISOString().slice(0, 10);
}

/** "Năm 2024", "6 tháng đầu năm 2024", "Quý 3/2024", "Tháng 7/2024" — or the English. */
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
        return `Quý ${p.index}/${p.year}`;
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

/** The newest year with figures: the dashboard's period when none is chosen (the DTI is yearly). */
export function defaultPeriod(periods: readonly string[] | undefined): string | undefined {
  if (!periods || periods.length === 0) return undefined;
  return periods.find((p) => parsePeriod(p)?.type === 'YEARLY') ?? periods[0];
}

/** The years with figures, oldest first. */
export function yearsOf(periods: readonly string[] | undefined): string[] {
  return (periods ?? []).filter((p) => parsePeriod(p)?.type === 'YEARLY').sort();
}

export const PERIOD_TYPES: PeriodType[] = ['YEARLY', 'SIX_MONTHLY', 'QUARTERLY', 'MONTHLY'];
