import { latestClosedPeriods, reportWindow } from './reporting-regime';

describe('reporting regime (Decree 09/2019 cut-off dates)', () => {
  it('gives each period its 15th-to-14th data window', () => {
    expect(reportWindow('202407')).toEqual({
      kind: 'MONTHLY',
      period: '202407',
      start: '2024-06-15',
      end: '2024-07-14',
    });
    expect(reportWindow('202401')).toMatchObject({ start: '2023-12-15', end: '2024-01-14' });
    expect(reportWindow('2024Q3')).toMatchObject({ kind: 'QUARTERLY', start: '2024-06-15', end: '2024-09-14' });
    expect(reportWindow('2024S1')).toMatchObject({ kind: 'HALF_YEARLY', start: '2023-12-15', end: '2024-06-14' });
    expect(reportWindow('2024S2')).toMatchObject({ start: '2024-06-15', end: '2024-12-14' });
    expect(reportWindow('2024')).toMatchObject({ kind: 'YEARLY', start: '2023-12-15', end: '2024-12-14' });
  });

  it('finds the latest closed period of each kind on a date', () => {
    expect(latestClosedPeriods('2024-07-20').map((w) => w.period)).toEqual(['202407', '2024Q2', '2024S1', '2023']);
    expect(latestClosedPeriods('2024-07-14').map((w) => w.period)).toEqual(['202406', '2024Q2', '2024S1', '2023']);
    expect(latestClosedPeriods('2025-01-10').map((w) => w.period)).toEqual(['202412', '2024Q4', '2024S2', '2024']);
    expect(latestClosedPeriods('2024-12-15').map((w) => w.period)).toEqual(['202412', '2024Q4', '2024S2', '2024']);
  });
});
