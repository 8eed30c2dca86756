import { requirePeriod } from '@dxhub/periods';
import type { ProjectedStanding } from '../standings/standings.repository';
import { buildScorecard, rank, type StandingLookup } from './scorecard.builder';
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

/** The indicators service's judgements of the figures of 2025 (version 1), as projected. */
const judged = (indicatorCode: string, value: number, achievement: number, status: string): ProjectedStanding => ({
  indicatorCode,
  orgUnitCode: '82',
  period: '2025',
  aggregateVersion: 1,
  removed: false,
  value,
  target: 80,
  targetYear: 2025,
  comparator: '>=',
  tolerance: 2,
  achievement,
  status,
});
const standings = new Map([
  ['FIBRE_HH', judged('FIBRE_HH', 72, 90, 'off-track')],
  ['DVCTT_L4', judged('DVCTT_L4', 88, 110, 'on-track')],
]);

const cardWith = (lookup: StandingLookup, values: Record<string, number> = data, version = 1) =>
  buildScorecard({
    orgUnit: { code: '82', nameVi: 'Tỉnh Tiền Giang' },
    period: requirePeriod('2025'),
    definitions: defs,
    values: (i, p) => (values[`${i}|${p}`] === undefined ? undefined : { value: values[`${i}|${p}`], version }),
    standings: lookup,
    extraCodes: ['NEW_ONE'],
  });

describe('buildScorecard', () => {
  const card = cardWith((i, p) => (p === '2025' ? standings.get(i) : undefined));

  it('gives every indicator its value, target, achievement and status as judged, national average and trend', () => {
    const fibre = card.indexes.find((i) => i.code === 'HT')?.lines[0];
    expect(fibre).toMatchObject({
      code: 'FIBRE_HH',
      value: 72,
      target: 80,
      targetYear: 2025,
      comparator: '>=',
      achievement: 90,
      status: 'off-track',
      version: 1,
      standingVersion: 1,
    });
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
      standings: () => undefined,
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

  it('shows no judgement of a figure newer than its projected standing, and the path where there is no value', () => {
    // Version 2 of every figure is in the read model; the standings still judge version 1.
    const lagging = cardWith(
      (i, p) => (p === '2025' ? standings.get(i) : undefined),
      { ...data, 'FIBRE_HH|2025': 79 },
      2,
    );
    expect(lagging.indexes.find((i) => i.code === 'HT')?.lines[0]).toMatchObject({
      value: 79,
      target: 80,
      achievement: null,
      status: 'awaiting-judgement',
      version: 2,
      standingVersion: 1,
    });
    expect(lagging.indexes.find((i) => i.code === 'HT')?.score).toBeNull();
    const noValue = cardWith(() => undefined, { 'DTI_TG|2025': 0.7 });
    expect(noValue.indexes.find((i) => i.code === 'HT')?.lines[0]).toMatchObject({
      value: null,
      target: 80,
      targetYear: 2025,
      achievement: null,
      status: 'no-data',
      standingVersion: null,
    });
    // A removal of the very figure (the indicators service found no target): no judgement, no-target.
    const removed = cardWith((i) =>
      i === 'FIBRE_HH' ? { ...judged('FIBRE_HH', 72, 90, 'off-track'), removed: true, status: null } : undefined,
    );
    expect(removed.indexes.find((i) => i.code === 'HT')?.lines[0]).toMatchObject({
      achievement: null,
      status: 'no-target',
      standingVersion: 1,
    });
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
