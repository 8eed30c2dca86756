import { requirePeriod } from '@dxhub/periods';
import { buildScorecard, rank } from './scorecard.builder';
import type { IndicatorDefinition } from './scoring';

const defs = new Map<string, IndicatorDefinition>([
  [
    'FIBRE_HH',
    {
      code: 'FIBRE_HH',
      nameVi: 'Tỷ lệ hộ gia đình có cáp quang',
      nameEn: 'Fibre households',
      unit: '%',
      pillar: 'XHS',
      subIndex: 'HT',
      targets: [{ year: 2025, value: 80, comparator: '>=', tolerance: 2 }],
    },
  ],
  [
    'DVCTT_L4',
    {
      code: 'DVCTT_L4',
      nameVi: 'DVC mức độ 4',
      pillar: 'CQS',
      subIndex: 'HDCQS',
      targets: [{ year: 2025, value: 80, comparator: '>=', tolerance: 2 }],
    },
  ],
  [
    'DTI_TG',
    {
      code: 'DTI_TG',
      nameVi: 'Chỉ số DTI',
      pillar: null,
      subIndex: null,
      nationalAverage: [{ year: 2024, value: 0.6961 }],
    },
  ],
]);
const data: Record<string, number> = {
  'FIBRE_HH|2025': 72,
  'FIBRE_HH|2024': 70,
  'DVCTT_L4|2025': 88,
  'DTI_TG|2025': 0.7,
};

describe('buildScorecard', () => {
  const card = buildScorecard({
    orgUnit: { code: '82', nameVi: 'Tỉnh Tiền Giang' },
    period: requirePeriod('2025'),
    definitions: defs,
    values: (i, p) => (data[`${i}|${p}`] === undefined ? undefined : { value: data[`${i}|${p}`], version: 1 }),
    extraCodes: ['NEW_ONE'],
  });

  it('gives every indicator its value, target, achievement, status, national average and trend', () => {
    const fibre = card.indexes.find((i) => i.code === 'HT')?.lines[0];
    expect(fibre).toMatchObject({ code: 'FIBRE_HH', value: 72, target: 80, achievement: 90, status: 'off-track' });
    expect(fibre?.trend.map((t) => t.value)).toEqual([null, null, null, 70, 72]);
    expect(card.other.map((l) => l.code)).toEqual(['DTI_TG', 'NEW_ONE']);
    expect(card.other[0]).toMatchObject({ nationalAverage: 0.6961, status: 'no-target' });
  });

  it('lays out the indexes and pillars of the framework in force, and without published scores shows none', () => {
    expect(card.framework).toMatchObject({ code: 'DTI-2025', pointsInferred: true });
    expect(card.indexes.find((i) => i.code === 'HT')).toMatchObject({
      score: null,
      maxPoints: 100,
      scored: 0,
      indicators: 0,
    });
    expect(card.indexes.find((i) => i.code === 'HDCQS')).toMatchObject({ score: null, maxPoints: 200 });
    expect(card.pillars.map((p) => [p.code, p.score, p.maxPoints])).toEqual([
      ['CQS', null, 700],
      ['KTS', null, 650],
      ['XHS', null, 650],
    ]);
    expect(card.overall).toEqual({ score: null, points: null, maxPoints: 1000, coverage: 0 });
  });

  it('shows the scores the indicators service published, not scores of its own', () => {
    const published = buildScorecard({
      orgUnit: { code: '82', nameVi: 'Tỉnh Tiền Giang' },
      period: requirePeriod('2025'),
      definitions: defs,
      values: () => undefined,
      scores: {
        orgUnitCode: '82',
        period: '2025',
        framework: 'DTI-2025',
        decision: 'QĐ 405/QĐ-BKHCN',
        pointsInferred: true,
        points: 966.7,
        coverage: 0.3,
        parts: [
          { code: 'DTI', kind: 'overall', score: 0.9667, maxPoints: 1000, scored: 2, indicators: 2 },
          { code: 'CQS', kind: 'pillar', score: 0.9667, maxPoints: 700, scored: 2, indicators: 2 },
          { code: 'HT', kind: 'index', score: 0.9, maxPoints: 100, scored: 1, indicators: 1 },
          { code: 'HDCQS', kind: 'index', score: 1, maxPoints: 200, scored: 1, indicators: 1 },
        ],
        version: 4,
      },
    });
    expect(published.framework).toEqual({
      code: 'DTI-2025',
      decision: 'QĐ 405/QĐ-BKHCN',
      pointsInferred: true,
      formula: expect.any(String),
    });
    expect(published.indexes.find((i) => i.code === 'HT')).toMatchObject({ score: 0.9, scored: 1, indicators: 1 });
    expect(published.indexes.find((i) => i.code === 'HT')?.lines.map((l) => l.code)).toEqual(['FIBRE_HH']);
    expect(published.pillars.find((p) => p.code === 'CQS')).toMatchObject({ score: 0.9667, maxPoints: 700 });
    expect(published.pillars.find((p) => p.code === 'KTS')).toMatchObject({ score: null, scored: 0 });
    expect(published.overall).toEqual({ score: 0.9667, points: 966.7, maxPoints: 1000, coverage: 0.3 });
  });

  it('ranks with shared ranks for ties, best first by direction', () => {
    const rows = [
      { code: 'a', value: 3 },
      { code: 'b', value: 5 },
      { code: 'c', value: null },
      { code: 'd', value: 5 },
    ];
    expect(rank(rows).map((r) => [r.code, r.rank])).toEqual([
      ['b', 1],
      ['d', 1],
      ['a', 3],
      ['c', null],
    ]);
    expect(rank(rows, true)[0]).toMatchObject({ code: 'a', rank: 1 });
  });
});
