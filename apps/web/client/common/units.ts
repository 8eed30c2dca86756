import { useCallback } from 'react';
import { type Dictionary, useText } from '../i18n/language';

const TEXT: Dictionary<'index' | 'rank' | 'per1000' | 'per100' | 'workingDays'> = {
  vi: {
    index: 'chỉ số 0–1',
    rank: 'thứ hạng',
    per1000: 'trên 1.000 dân',
    per100: 'trên 100 dân',
    workingDays: 'ngày làm việc',
  },
  en: {
    index: 'index 0–1',
    rank: 'rank',
    per1000: 'per 1,000 people',
    per100: 'per 100 people',
    workingDays: 'working days',
  },
};

// The catalogue's units that read better in words; a count needs no word after it.
const UNIT_KEYS = {
  index: 'index',
  rank: 'rank',
  'per 1000 people': 'per1000',
  'per 100 people': 'per100',
  'working days': 'workingDays',
} as const;

/** An indicator's unit (the catalogue's `unit`) in words after a figure: "trên 1.000 dân"; "" for a count. */
export function useUnitWords() {
  const t = useText(TEXT);
  return useCallback(
    (unit: string | null | undefined): string => {
      if (!unit || unit === 'count') return '';
      const key = UNIT_KEYS[unit as keyof typeof UNIT_KEYS];
      return key ? t(key) : unit;
    },
    [t],
  );
}
