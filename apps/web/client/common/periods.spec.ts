import type { Language } from '../i18n/language';
import {
  comparePeriods,
  comparePeriodsNewestFirst,
  defaultPeriod,
  parsePeriod,
  periodEnd,
  periodEndOrToday,
  periodLabel,
  periodOptionsByYear,
  periodsOfYear,
  periodText,
  periodTypeLabel,
  yearsOf,
} from './periods';

describe('periods in DHIS2 notation', () => {
  it('reads the four kinds of period and nothing else', () => {
    expect(parsePeriod('2024')).toEqual({ id: '2024', type: 'YEARLY', year: 2024, index: 1 });
    expect(parsePeriod('2024S2')).toEqual({ id: '2024S2', type: 'SIX_MONTHLY', year: 2024, index: 2 });
    expect(parsePeriod('2024Q3')).toEqual({ id: '2024Q3', type: 'QUARTERLY', year: 2024, index: 3 });
    expect(parsePeriod('202407')).toEqual({ id: '202407', type: 'MONTHLY', year: 2024, index: 7 });
    for (const id of ['24', '2024S3', '2024Q5', '202413', '202400', '2024W01', ''])
      expect(parsePeriod(id)).toBeUndefined();
  });

  it("knows each period's last day, leap years included", () => {
    expect(periodEnd('2024')).toBe('2024-12-31');
    expect(periodEnd('2024S1')).toBe('2024-06-30');
    expect(periodEnd('2024S2')).toBe('2024-12-31');
    expect(periodEnd('2024Q1')).toBe('2024-03-31');
    expect(periodEnd('2025Q3')).toBe('2025-09-30');
    expect(periodEnd('202402')).toBe('2024-02-29');
    expect(periodEnd('202502')).toBe('2025-02-28');
    expect(periodEnd('nonsense')).toBeUndefined();
  });

  it('reads the hierarchy of an id that is not a period at today, in Vietnam', () => {
    jest.useFakeTimers({ now: new Date('2025-06-30T18:00:00Z') });
    try {
      expect(periodEndOrToday('2024Q4')).toBe('2024-12-31');
      // 18:00 UTC on 30 June is already 1 July in the province (UTC+7).
      expect(periodEndOrToday('latest')).toBe('2025-07-01');
    } finally {
      jest.useRealTimers();
    }
  });

  it('names periods as official documents do, quarters in Roman numerals; in English as the dashboard did', () => {
    const names: [Language, string, string][] = [
      ['vi', '2024', 'Năm 2024'],
      ['vi', '2024S1', '6 tháng đầu năm 2024'],
      ['vi', '2024S2', '6 tháng cuối năm 2024'],
      ['vi', '2024Q1', 'Quý I/2024'],
      ['vi', '2024Q3', 'Quý III/2024'],
      ['vi', '2024Q4', 'Quý IV/2024'],
      ['vi', '202407', 'Tháng 7/2024'],
      ['vi', 'latest', 'latest'],
      ['en', '2024', 'Year 2024'],
      ['en', '2024S1', 'H1 2024'],
      ['en', '2024Q3', 'Q3 2024'],
      ['en', '202407', 'July 2024'],
      ['en', '202412', 'December 2024'],
    ];
    for (const [language, id, name] of names) expect(`${id}: ${periodLabel(language, id)}`).toBe(`${id}: ${name}`);
  });

  it('adds the code to a name only where the name does not already say it', () => {
    expect(periodText('vi', '2025')).toBe('Năm 2025');
    expect(periodText('vi', '2025Q3')).toBe('Quý III/2025 (2025Q3)');
    expect(periodText('en', '2025')).toBe('Year 2025');
    expect(periodText('en', '202507')).toBe('July 2025 (202507)');
  });

  it('names the kinds of period', () => {
    expect(periodTypeLabel('vi', 'SIX_MONTHLY')).toBe('6 tháng');
    expect(periodTypeLabel('en', 'QUARTERLY')).toBe('Quarter');
    expect(periodTypeLabel('en', 'WEEKLY')).toBe('WEEKLY');
  });

  it('lists a year with its halves, quarters and months', () => {
    const all = periodsOfYear(2025);
    expect(all).toHaveLength(19);
    expect(all.slice(0, 7)).toEqual(['2025', '2025S1', '2025S2', '2025Q1', '2025Q2', '2025Q3', '2025Q4']);
    expect(all.slice(7, 9)).toEqual(['202501', '202502']);
    expect(all.at(-1)).toBe('202512');
  });

  it('orders periods oldest first, or newest first for a choice', () => {
    const mixed = ['202401', '2025', '2024Q2', '2024', '2024S2', '202412', '2024Q1', '2024S1'];
    expect([...mixed].sort(comparePeriods).join(' ')).toBe('2024 2024S1 2024S2 2024Q1 2024Q2 202401 202412 2025');
    expect([...mixed].sort(comparePeriodsNewestFirst).join(' ')).toBe(
      '2025 2024 2024S2 2024S1 2024Q2 2024Q1 202412 202401',
    );
  });

  it('opens on the newest year with figures, whatever order the periods come in', () => {
    // The reporting service lists its periods newest first, by their codes.
    expect(defaultPeriod(['2025S1', '2024S2', '2024Q4', '2024', '2023'])).toBe('2024');
    expect(defaultPeriod(['2023', '2024', '2024S2'])).toBe('2024');
    expect(defaultPeriod(['2024Q4', '2025Q1'])).toBe('2025Q1');
    expect(defaultPeriod([])).toBeUndefined();
    expect(defaultPeriod(undefined)).toBeUndefined();
    expect(yearsOf(['2025S1', '2025', '2023', '2024Q2', '2024'])).toEqual(['2023', '2024', '2025']);
  });

  it('groups a period choice by year, newest first', () => {
    expect(periodOptionsByYear('vi', ['2024Q4', '2025', '202501', '2024'])).toEqual([
      {
        label: '2025',
        title: '2025',
        options: [
          { value: '2025', label: 'Năm 2025' },
          { value: '202501', label: 'Tháng 1/2025 (202501)' },
        ],
      },
      {
        label: '2024',
        title: '2024',
        options: [
          { value: '2024', label: 'Năm 2024' },
          { value: '2024Q4', label: 'Quý IV/2024 (2024Q4)' },
        ],
      },
    ]);
  });
});
