import { PeriodType, coarserPeriods, enclosingPeriod, parsePeriod, requirePeriod, subPeriods } from './period';

describe('parsePeriod', () => {
  it.each([
    ['2024', PeriodType.YEARLY, '2024-01-01', '2024-12-31'],
    ['2024S1', PeriodType.SIX_MONTHLY, '2024-01-01', '2024-06-30'],
    ['2024S2', PeriodType.SIX_MONTHLY, '2024-07-01', '2024-12-31'],
    ['2024Q1', PeriodType.QUARTERLY, '2024-01-01', '2024-03-31'],
    ['2025Q4', PeriodType.QUARTERLY, '2025-10-01', '2025-12-31'],
    ['202402', PeriodType.MONTHLY, '2024-02-01', '2024-02-29'],
    ['202502', PeriodType.MONTHLY, '2025-02-01', '2025-02-28'],
    ['202412', PeriodType.MONTHLY, '2024-12-01', '2024-12-31'],
  ])('reads %s as %s from %s to %s', (id, type, start, end) => {
    expect(parsePeriod(id)).toMatchObject({ id, type, start, end });
  });

  it.each(['', '24', '2024Q5', '2024Q0', '2024S3', '202413', '202400', '2024-07', '2024W1', ' 2024', '2024q1', '1800'])(
    'refuses %j',
    (id) => {
      expect(parsePeriod(id)).toBeNull();
    },
  );

  it('gives one immutable object per period, however it was reached', () => {
    const quarter = parsePeriod('2024Q3');
    expect(parsePeriod('2024Q3')).toBe(quarter);
    expect(enclosingPeriod(requirePeriod('202408'), PeriodType.QUARTERLY)).toBe(quarter);
    expect(Object.isFrozen(quarter)).toBe(true);
  });

  it('names the notation when it throws', () => {
    expect(() => requirePeriod('2024-07')).toThrow(/DHIS2 notation/);
  });
});

describe('enclosing and coarser periods', () => {
  it('nests a month in its quarter, half-year and year', () => {
    expect(coarserPeriods(requirePeriod('202408')).map((p) => p.id)).toEqual(['2024Q3', '2024S2', '2024']);
  });

  it('nests a quarter in its half-year and year', () => {
    expect(coarserPeriods(requirePeriod('2024Q2')).map((p) => p.id)).toEqual(['2024S1', '2024']);
  });

  it('has nothing coarser than a year', () => {
    expect(coarserPeriods(requirePeriod('2024'))).toEqual([]);
  });

  it('does not enclose a period in a finer one', () => {
    expect(enclosingPeriod(requirePeriod('2024Q3'), PeriodType.MONTHLY)).toBeNull();
  });
});

describe('subPeriods', () => {
  it('lists the months of a quarter and the quarters of a year in order', () => {
    expect(subPeriods(requirePeriod('2024Q3'), PeriodType.MONTHLY).map((p) => p.id)).toEqual([
      '202407',
      '202408',
      '202409',
    ]);
    expect(subPeriods(requirePeriod('2024'), PeriodType.QUARTERLY).map((p) => p.id)).toEqual([
      '2024Q1',
      '2024Q2',
      '2024Q3',
      '2024Q4',
    ]);
    expect(subPeriods(requirePeriod('2024S2'), PeriodType.SIX_MONTHLY).map((p) => p.id)).toEqual(['2024S2']);
  });

  it('has no coarser sub-periods', () => {
    expect(subPeriods(requirePeriod('202407'), PeriodType.YEARLY)).toEqual([]);
  });
});
