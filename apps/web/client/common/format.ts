import type { Language } from '../i18n/language';

const locale = (language: Language) => (language === 'vi' ? 'vi-VN' : 'en-GB');

/** The province's time zone: dates are read there, whatever the browser's own zone. */
export const PROVINCE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Today in Vietnam, YYYY-MM-DD, when a service's own date is not at hand. */
export function vietnamToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: PROVINCE_TIME_ZONE }).format(new Date());
}

export function formatNumber(language: Language, value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value.toLocaleString(locale(language), { maximumFractionDigits: digits });
}

/** A ratio 0..1 as a percentage. */
export function formatPercent(language: Language, ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return `${(ratio * 100).toLocaleString(locale(language), { maximumFractionDigits: digits })} %`;
}

/** A calendar date (YYYY-MM-DD) or an instant, as a date. */
export function formatDate(language: Language, value: string | null | undefined): string {
  if (!value) return '—';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  return date.toLocaleDateString(locale(language), { timeZone: PROVINCE_TIME_ZONE });
}

export function formatDateTime(language: Language, value: string | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toLocaleString(locale(language), { timeZone: PROVINCE_TIME_ZONE });
}
