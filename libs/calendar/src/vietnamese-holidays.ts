import { addDays, type IsoDate } from './iso-date';

/**
 * Public holidays of the Labour Code 2019 (45/2019/QH14, Article 112) as data, so the working-day
 * calendar holds no formula that the government may overrule. Sources and confidence: DOMAIN.md
 * ("Public holidays and working days").
 */

/** A holiday on a fixed solar date, `MM-DD`. */
export interface FixedHoliday {
  monthDay: string;
  nameVi: string;
  nameEn: string;
}

export const FIXED_HOLIDAYS: readonly FixedHoliday[] = [
  { monthDay: '01-01', nameVi: 'Tết Dương lịch', nameEn: "New Year's Day" },
  { monthDay: '04-30', nameVi: 'Ngày Chiến thắng', nameEn: 'Reunification Day' },
  { monthDay: '05-01', nameVi: 'Ngày Quốc tế Lao động', nameEn: 'International Labour Day' },
  // National Day is 2 September "plus the day before or after it"; the day before unless a notice says otherwise.
  { monthDay: '09-01', nameVi: 'Quốc khánh (ngày liền kề)', nameEn: 'National Day (adjacent day)' },
  { monthDay: '09-02', nameVi: 'Quốc khánh', nameEn: 'National Day' },
];

/**
 * Mùng 1 Tết (lunar new year's day) by solar year. DOMAIN.md lists 2022–2027 from memory, to be checked with a
 * lunar-calendar library; 2028–2030 are from the same lunar tables. Add years here as they come.
 */
export const LUNAR_NEW_YEAR: Readonly<Record<number, IsoDate>> = {
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
};

/** Hùng Kings' Commemoration (10th day of the 3rd lunar month) by solar year. */
export const HUNG_KINGS_DAY: Readonly<Record<number, IsoDate>> = {
  2021: '2021-04-21',
  2022: '2022-04-10',
  2023: '2023-04-29',
  2024: '2024-04-18',
  2025: '2025-04-07',
  2026: '2026-04-26',
  2027: '2027-04-16',
  2028: '2028-04-04',
  2029: '2029-04-23',
  2030: '2030-04-12',
};

/**
 * The statutory five Tết days when no notice replaces them: the last day of the lunar year and the first four
 * of the new one (the usual pattern; the yearly notice decides).
 */
export function defaultTetDays(year: number): IsoDate[] {
  const first = LUNAR_NEW_YEAR[year];
  if (!first) return [];
  return [-1, 0, 1, 2, 3].map((d) => addDays(first, d));
}

/**
 * The government's yearly notice (the Ministry of Home Affairs' announcement): extra days off and swapped
 * working days (a Saturday worked to pay for a bridge day). When it lists the Tết days, they replace
 * defaultTetDays for that year; National Day's adjacent day likewise.
 */
export interface YearNotice {
  year: number;
  /** Days off the notice gives (Tết, bridge days); weekend days may be listed, they change nothing. */
  daysOff: IsoDate[];
  /** Weekend days that are working days that year (make-up days). */
  workingDays: IsoDate[];
  /** Which default rules the notice's days replace for the year. */
  replaces: ('tet' | 'national-day-adjacent')[];
  source?: string;
}

/**
 * Notices known when this was written [memory, as in DOMAIN.md: verify against the published notices].
 * 2025: off Sat 25/1 – Sun 2/2, Monday 27/1 paid back by working Saturday 15/2; National Day 1–2/9.
 * 2026: off Sat 14/2 – Sun 22/2 (16–20/2 the five statutory days).
 */
export const KNOWN_NOTICES: readonly YearNotice[] = [
  {
    year: 2025,
    daysOff: ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-09-01'],
    workingDays: ['2025-02-15'],
    replaces: ['tet', 'national-day-adjacent'],
    source: 'Ministry of Home Affairs notice for 2025 [memory]',
  },
  {
    year: 2026,
    daysOff: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'],
    workingDays: [],
    replaces: ['tet'],
    source: 'Ministry of Home Affairs notice for 2026 [memory]',
  },
];
