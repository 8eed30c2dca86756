import { indicatorAchievement, type ProgressNode, rollUpProgress, round2 } from './progress-rollup';

const node = (id: string, parentId: string | null, weight: number, over: Partial<ProgressNode> = {}): ProgressNode => ({
  id,
  parentId,
  weight,
  state: 'IN_PROGRESS',
  source: 'manual',
  ownPercent: 0,
  indicators: [],
  ...over,
});

describe('progress roll-up', () => {
  it('is the weighted mean of the children, exactly, at every level', () => {
    const p = rollUpProgress([
      node('goal', null, 1, { state: null }),
      node('group', 'goal', 1, { state: null }),
      node('a', 'group', 1, { ownPercent: 30 }),
      node('b', 'group', 3, { ownPercent: 70 }),
      node('c', 'group', 2, { source: 'children' }),
      node('c1', 'c', 1, { ownPercent: 100 }),
      node('c2', 'c', 3, { ownPercent: 20 }),
    ]);
    // c = (1·100 + 3·20) / 4 = 40; group = (1·30 + 3·70 + 2·40) / 6 = 320 / 6 = 53.33…
    expect(p.get('c')).toBe(40);
    expect(round2(p.get('group') as number)).toBe(53.33);
    expect(p.get('goal')).toBe(p.get('group'));
  });

  it('counts an approved task as done and leaves cancelled children out', () => {
    const p = rollUpProgress([
      node('g', null, 1, { state: null }),
      node('a', 'g', 1, { state: 'APPROVED', ownPercent: 40 }),
      node('b', 'g', 1, { ownPercent: 50 }),
      node('x', 'g', 5, { state: 'CANCELLED', ownPercent: 0 }),
    ]);
    expect(p.get('g')).toBe(75);
  });

  it('takes a task measured by indicators from its achievement against target', () => {
    const p = rollUpProgress([
      node('t', null, 1, {
        source: 'indicators',
        ownPercent: 99,
        indicators: [
          { indicatorCode: 'FIBRE_HH', baseline: 68.3, target: 80, value: 74.15 }, // half way
          { indicatorCode: 'DVCTT_L4', baseline: 0, target: 80, value: 96 }, // beyond: capped at 100
        ],
      }),
    ]);
    expect(round2(p.get('t') as number)).toBe(75);
  });

  it('measures "lower is better" targets and missing values', () => {
    expect(indicatorAchievement({ indicatorCode: 'DVC_AVG_DAYS', baseline: 10, target: 5, value: 6 })).toBe(80);
    expect(indicatorAchievement({ indicatorCode: 'X', baseline: 0, target: 10, value: null })).toBe(0);
    expect(indicatorAchievement({ indicatorCode: 'X', baseline: 0, target: 10, value: -3 })).toBe(0);
  });

  it('rounds half away from zero without drift', () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(12.345)).toBe(12.35);
    expect(round2(100)).toBe(100);
  });
});
