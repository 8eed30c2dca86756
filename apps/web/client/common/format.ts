import type { Language } from '../i18n/language';

const locale = (language: Language) => (language === 'vi' ? 'vi-VN' : 'en-GB');

/** The province's time zone: dates are read there, whatever the browser's own zone. */
export const PROVINCE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Today in Vietnam, YYYY-MM-DD, when a service's own date is not at hand. */
export function vietnamToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: PROVINCE_TIME_ZONE }).format(new Date());
}

const numberFormats = new Map<string, Intl.NumberFormat>();
/** One formatter per language and digits: making one costs more than formatting a hundred numbers with it. */
function numberFormat(language: Language, digits: number): Intl.NumberFormat {
  const key = `${language}:${digits}`;
  let format = numberFormats.get(key);
  if (!format)
    numberFormats.set(key, (format = new Intl.NumberFormat(locale(language), { maximumFractionDigits: digits })));
  return format;
}

export function formatNumber(language: Language, value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return numberFormat(language, digits).format(value);
}

/** A ratio 0..1 as a percentage. */
export function formatPercent(language: Language, ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return `${numberFormat(language, digits).format(ratio * 100)} %`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** As toLocaleDateString / toLocaleString in the province's time zone, one formatter each (see numberFormat). */
function dateFormat(language: Language, shape: 'date' | 'dateTime'): Intl.DateTimeFormat {
  const key = `${language}:${shape}`;
  let format = dateFormats.get(key);
  if (!format) {
    const fields: Intl.DateTimeFormatOptions =
      shape === 'date'
        ? { year: 'numeric', month: 'numeric', day: 'numeric' }
        : { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' };
    format = new Intl.DateTimeFormat(locale(language), { ...fields, timeZone: PROVINCE_TIME_ZONE });
    dateFormats.set(key, format);
  }
  return format;
}

/** A calendar date (YYYY-MM-DD) or an instant, as a date. */
export function formatDate(language: Language, value: string | null | undefined): string {
  if (!value) return '—';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  return dateFormat(language, 'date').format(date);
}

export function formatDateTime(language: Language, value: string | null | undefined): string {
  if (!value) return '—';
  return dateFormat(language, 'dateTime').format(new Date(value));
}
