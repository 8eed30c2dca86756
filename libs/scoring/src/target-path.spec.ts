import { periodLastDay, targetOn, type TargetDefinition } from './target-path';

// Tiền Giang's digital-economy share of GRDP: 8.59 % in 2021, 15 % by 2025, 25 % by 2030 (DOMAIN.md §4).
const KTS_GRDP: TargetDefinition = {
  direction: 'HIGHER_IS_BETTER',
  baseline: { period: '2021', value: 8.59 },
  targets: [
    { year: 2025, value: 15, comparator: '>=', tolerance: 1 },
    { year: 2030, value: 25, comparator: '>=', tolerance: 1 },
  ],
};

describe('targetOn (the target path)', () => {
  it('starts at the baseline and reaches each target at the end of its year', () => {
    expect(targetOn(KTS_GRDP, '2021-12-31')).toEqual({
      value: '8.59',
      comparator: '>=',
      tolerance: '1',
      year: 2025,
      interpolated: true,
    });
    expect(targetOn(KTS_GRDP, '2025-12-31')).toMatchObject({ value: '15', year: 2025, interpolated: false });
    expect(targetOn(KTS_GRDP, '2030-12-31')).toMatchObject({ value: '25', year: 2030, interpolated: false });
  });

  it('is linear between anchors by days, read at the period’s last day', () => {
    // 2021-12-31 → 2025-12-31 is 1,461 days; 2023-12-31 is 730 of them: 8.59 + 6.41 × 730/1461.
    expect(targetOn(KTS_GRDP, '2023-12-31')?.value).toBe('11.7928'); // 11.79280629… rounded to 4 digits
    // 2025-12-31 → 2030-12-31 is 1,826 days; 2028-12-31 is 1,096 of them: 15 + 10 × 1096/1826 = 21.00219…
    expect(targetOn(KTS_GRDP, '2028-12-31')).toMatchObject({ value: '21.0022', year: 2030, interpolated: true });
    // A quarter or month reads the path on its own last day: 2024Q2 ends 2024-06-30 (912 days in).
    expect(targetOn(KTS_GRDP, '2024-06-30')?.value).toBe('12.5913'); // 8.59 + 6.41 × 912/1461 = 12.59131…
  });

  it('holds the first anchor before it and the last target after it', () => {
    expect(targetOn(KTS_GRDP, '2019-12-31')).toMatchObject({ value: '8.59', interpolated: true });
    expect(targetOn(KTS_GRDP, '2033-12-31')).toMatchObject({ value: '25', year: 2030, interpolated: false });
  });

  it('holds an indicator without a baseline to its first target from the start', () => {
    const dvc: TargetDefinition = { targets: [{ year: 2025, value: 80, comparator: '>=', tolerance: 2 }] };
    expect(targetOn(dvc, '2022-03-31')).toMatchObject({ value: '80', year: 2025, interpolated: false });
  });

  it('ignores a baseline measured after the first target year, and has no path without targets', () => {
    const late: TargetDefinition = { baseline: { period: '2026', value: 1 }, targets: [{ year: 2025, value: 10 }] };
    expect(targetOn(late, '2024-12-31')).toMatchObject({ value: '10', comparator: '>=', tolerance: '0' });
    expect(targetOn({ baseline: { period: '2021', value: 3 } }, '2024-12-31')).toBeNull();
  });

  it('gives a LOWER_IS_BETTER target a ceiling comparator by default and reads baseline months as 2025-01', () => {
    const days: TargetDefinition = { direction: 'LOWER_IS_BETTER', targets: [{ year: 2025, value: 5 }] };
    expect(targetOn(days, '2025-12-31')?.comparator).toBe('<=');
    expect(periodLastDay('2025-01')).toBe('2025-01-31');
    expect(periodLastDay('2024S2')).toBe('2024-12-31');
  });
});
