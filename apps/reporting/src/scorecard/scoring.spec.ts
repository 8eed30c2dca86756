import { requirePeriod } from '@dxhub/periods';
import { type IndicatorDefinition, previousPeriods, project, targetFor } from './scoring';

const FIBRE: IndicatorDefinition = {
  code: 'FIBRE_HH',
  direction: 'HIGHER_IS_BETTER',
  baseline: { period: '2022S1', value: 68.3 },
  targets: [
    { year: 2025, value: 80, comparator: '>', tolerance: 2 },
    { year: 2030, value: 100, comparator: '>=', tolerance: 2 },
  ],
};

describe('scoring', () => {
  it('interpolates the target path from the baseline to the 2025 target, then to 2030', () => {
    expect(targetFor(FIBRE, requirePeriod('2025S2'))).toMatchObject({ value: 80, year: 2025, interpolated: false });
    expect(targetFor(FIBRE, requirePeriod('2022S1'))).toMatchObject({ value: 68.3, interpolated: true });
    const mid = targetFor(FIBRE, requirePeriod('2024S1'));
    expect(mid?.value).toBeGreaterThan(68.3);
    expect(mid?.value).toBeLessThan(80);
    expect(targetFor(FIBRE, requirePeriod('2028'))?.value).toBeCloseTo(92, 0);
    expect(targetFor(FIBRE, requirePeriod('2031'))).toMatchObject({ value: 100, year: 2030 });
    expect(targetFor({ code: 'X' }, requirePeriod('2024'))).toBeNull();
  });

  it('lists the previous periods of the same type across years', () => {
    expect(previousPeriods(requirePeriod('2025Q1'), 3).map((p) => p.id)).toEqual(['2024Q2', '2024Q3', '2024Q4']);
    expect(previousPeriods(requirePeriod('2025S1'), 2).map((p) => p.id)).toEqual(['2024S1', '2024S2']);
    expect(previousPeriods(requirePeriod('202502'), 2).map((p) => p.id)).toEqual(['202412', '202501']);
  });

  it('projects when each target is met at the current pace, or by how much it is missed', () => {
    const fast = project(FIBRE, [
      { at: 2023, value: 70 },
      { at: 2024, value: 74 },
    ]);
    expect(fast[0]).toMatchObject({ targetYear: 2025, met: true, projected: 82, shortfall: 0, metAt: 2025.5 });
    const slow = project(FIBRE, [
      { at: 2023, value: 70 },
      { at: 2024, value: 72 },
    ]);
    expect(slow[0]).toMatchObject({ targetYear: 2025, met: false, projected: 76, shortfall: 4, metAt: 2028 });
    expect(slow[1]).toMatchObject({ targetYear: 2030, met: false, projected: 86, shortfall: 14, metAt: 2038 });
    expect(project(FIBRE, [{ at: 2024, value: 74 }])[0]).toMatchObject({ projected: null, met: false });
  });
});
