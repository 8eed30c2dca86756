import { achievementOf, statusOf } from './achievement';
import { type TargetDefinition, targetOn } from './target-path';

const FIBRE: TargetDefinition = {
  direction: 'HIGHER_IS_BETTER',
  baseline: { period: '2022S1', value: 68.3 },
  targets: [{ year: 2025, value: 80, comparator: '>', tolerance: 2 }],
};
const RANK: TargetDefinition = {
  direction: 'LOWER_IS_BETTER',
  targets: [{ year: 2030, value: 20, comparator: '<=', tolerance: 2 }],
};

describe('achievementOf', () => {
  const fibre2025 = targetOn(FIBRE, '2025-12-31');
  const rank2030 = targetOn(RANK, '2030-12-31');

  it('is value ÷ target when higher is better, exact to two decimals', () => {
    expect(achievementOf(FIBRE, '72', fibre2025)).toBe('90');
    expect(achievementOf(FIBRE, '70.1', fibre2025)).toBe('87.63'); // 87.625 rounds half away from zero
    expect(achievementOf(FIBRE, 0, fibre2025)).toBe('0');
  });

  it('is target ÷ value when lower is better', () => {
    expect(achievementOf(RANK, '25', rank2030)).toBe('80');
    expect(achievementOf(RANK, '16', rank2030)).toBe('120'); // 125 %, capped
    expect(achievementOf(RANK, '0', rank2030)).toBe('120');
  });

  it('is capped at 120 % and at 0, and null without a value or a target', () => {
    expect(achievementOf(FIBRE, '200', fibre2025)).toBe('120');
    expect(achievementOf(FIBRE, '-5', fibre2025)).toBe('0');
    expect(achievementOf(FIBRE, null, fibre2025)).toBeNull();
    expect(achievementOf(FIBRE, '50', null)).toBeNull();
  });

  it('counts a zero target as reached by any value that is not negative', () => {
    const zero = targetOn({ targets: [{ year: 2025, value: 0 }] }, '2025-12-31');
    expect(achievementOf({}, '3', zero)).toBe('100');
  });
});

describe('statusOf', () => {
  const fibre2025 = targetOn(FIBRE, '2025-12-31');
  const rank2030 = targetOn(RANK, '2030-12-31');

  it('is on-track when the comparator holds, within-tolerance inside the band, off-track beyond it', () => {
    expect(statusOf(FIBRE, '80.0001', fibre2025)).toBe('on-track');
    expect(statusOf(FIBRE, '80', fibre2025)).toBe('within-tolerance'); // '>' is strict
    expect(statusOf(FIBRE, '78', fibre2025)).toBe('within-tolerance'); // short by exactly the tolerance
    expect(statusOf(FIBRE, '77.9999', fibre2025)).toBe('off-track');
  });

  it('reads the band upward for a ceiling', () => {
    expect(statusOf(RANK, '18', rank2030)).toBe('on-track');
    expect(statusOf(RANK, '22', rank2030)).toBe('within-tolerance');
    expect(statusOf(RANK, '23', rank2030)).toBe('off-track');
  });

  it('compares against the interpolated path, and is null without a value or a target', () => {
    const mid = targetOn(FIBRE, '2023-12-31'); // 2022S1 ends 2022-06-30: 68.3 + 11.7 × 549/1280 = 73.318203125
    expect(mid?.value).toBe('73.3182');
    expect(statusOf(FIBRE, '73.32', mid)).toBe('on-track');
    expect(statusOf(FIBRE, '72', mid)).toBe('within-tolerance');
    expect(statusOf(FIBRE, '71.3', mid)).toBe('off-track');
    expect(statusOf(FIBRE, null, mid)).toBeNull();
    expect(statusOf(FIBRE, '72', null)).toBeNull();
  });
});
