import { waitFor } from '@dxhub/testing';
import { aggregateEvent, standingsEvent } from './fixtures';
import {
  FIBRE_TARGETS,
  FIBRE_VI,
  PROVINCE,
  provinceFibreLine,
  useReportingWithFigures,
  VIEWER,
} from './reports-harness';

/*
 * Scorecards and league tables from events only (hand-made catalogue, hierarchy, aggregate, standings and DTI-score
 * events: reports-harness.ts): the lines show the indicators service's standings of their figures and the parts its
 * scores, never a judgement or a score of reporting's own.
 */
describe('scorecards and league tables (Kafka + PostgreSQL)', () => {
  const reporting = useReportingWithFigures('scorecard');

  it('serves the scorecard laid out as the DTI, with the indicators service’s judgements of its figures', async () => {
    const res = await fetch(`${reporting.url}/v1/scorecard?orgUnit=82&period=2024S2`, { headers: VIEWER });
    expect(res.status).toBe(200);
    const card = (await res.json()) as {
      orgUnit: { nameVi: string };
      framework: { code: string };
      indexes: {
        code: string;
        score: number | null;
        scored: number;
        indicators: number;
        lines: {
          code: string;
          nameVi: string;
          value: number;
          target: number;
          status: string;
          trend: { period: string; value: number | null }[];
        }[];
      }[];
      pillars: { code: string; score: number | null; maxPoints: number }[];
      overall: { score: number | null; points: number | null; maxPoints: number; coverage: number };
    };
    expect(card.orgUnit.nameVi).toBe('Tỉnh Tiền Giang');
    expect(card.framework.code).toBe('DTI-2025');
    const fibre = card.indexes.find((i) => i.code === 'HT')?.lines[0];
    // The path at 2024-12-31: 68.3 + 11.7 × 915/1280 = 76.6637; 75 misses it by 1.66, inside the tolerance of 2.
    expect(fibre).toMatchObject({
      code: 'FIBRE_HH',
      nameVi: FIBRE_VI,
      value: 75,
      target: 76.6637,
      targetYear: 2025,
      comparator: '>',
      achievement: 97.83,
      status: 'within-tolerance',
      version: 1,
      standingVersion: 1,
    });
    expect(card.indexes.find((i) => i.code === 'HDCQS')?.lines[0]).toMatchObject({
      code: 'DVCTT_L4',
      target: 80,
      achievement: 101.56,
      status: 'on-track',
    });
    expect(fibre?.trend.slice(-2)).toEqual([
      { period: '2024S1', value: 72 },
      { period: '2024S2', value: 75 },
    ]);
    // The scores are the published ones (version 2, not the late version 1); the layout is the framework's.
    expect(card.indexes.find((i) => i.code === 'HT')).toMatchObject({ score: 0.9783, scored: 1, indicators: 1 });
    expect(card.indexes.find((i) => i.code === 'HDCQS')).toMatchObject({ score: 1, scored: 1, indicators: 1 });
    expect(card.indexes.find((i) => i.code === 'NT')).toMatchObject({ score: null, scored: 0, indicators: 0 });
    expect(card.pillars.map((p) => [p.code, p.score, p.maxPoints])).toEqual([
      ['CQS', 0.9928, 700],
      ['KTS', 0.9783, 650],
      ['XHS', 0.9783, 650],
    ]);
    expect(card.overall).toEqual({ score: 0.9928, points: 992.8, maxPoints: 1000, coverage: 0.3 });

    // A period the indicators service has published no scores for: the indicators, and no scores yet.
    const earlier = (await (
      await fetch(`${reporting.url}/v1/scorecard?orgUnit=82&period=2024S1`, { headers: VIEWER })
    ).json()) as typeof card;
    expect(earlier.indexes.find((i) => i.code === 'HT')?.lines[0]).toMatchObject({ code: 'FIBRE_HH', value: 72 });
    expect(earlier.indexes.every((i) => i.score === null)).toBe(true);
    expect(earlier.overall).toEqual({ score: null, points: null, maxPoints: 1000, coverage: 0 });
  });

  it('ranks the districts by an indicator (ties share a rank), and by the published pillar, index and overall scores', async () => {
    const table = (await (
      await fetch(`${reporting.url}/v1/league-table?period=2024S2&by=indicator&code=FIBRE_HH`, { headers: VIEWER })
    ).json()) as {
      rows: { orgUnitCode: string; orgUnitName: string; rank: number }[];
    };
    expect(table.rows.map((r) => [r.orgUnitCode, r.rank])).toEqual([
      ['815', 1],
      ['817', 1],
      ['816', 3],
    ]);
    for (const by of ['pillar&code=XHS', 'index&code=HT', 'overall']) {
      const scored = (await (
        await fetch(`${reporting.url}/v1/league-table?period=2024S2&by=${by}`, { headers: VIEWER })
      ).json()) as { rows: { orgUnitCode: string; value: number; rank: number }[] };
      expect([by, scored.rows.map((r) => [r.orgUnitCode, r.value, r.rank])]).toEqual([
        by,
        [
          ['815', 1, 1],
          ['817', 1, 1],
          ['816', 0.7957, 3],
        ],
      ]);
    }
    // Every unit of a level: the province alone, with its published overall score.
    const province = (await (
      await fetch(`${reporting.url}/v1/league-table?period=2024S2&by=overall&level=1`, { headers: VIEWER })
    ).json()) as { rows: { orgUnitCode: string; value: number }[] };
    expect(province.rows).toEqual([expect.objectContaining({ orgUnitCode: '82', value: 0.9928, rank: 1 })]);
    const bad = await fetch(`${reporting.url}/v1/league-table?period=2024S2&by=indicator`, { headers: VIEWER });
    expect(bad.status).toBe(400);
  });

  it('shows a newer figure without the older figure’s judgement until its own standing arrives', async () => {
    await reporting.producer.send(`${reporting.prefix}dx.indicators.events`, [
      aggregateEvent('FIBRE_HH', '82', 'Tỉnh Tiền Giang', '2024S2', 2, 90),
    ]);
    await waitFor(
      async () => ((await provinceFibreLine(reporting))?.value === 90 ? true : undefined),
      30000,
      'the new figure',
    );
    // Until its judgement arrives, the new figure shows the path's target and no achievement: not the old one's.
    expect(await provinceFibreLine(reporting)).toMatchObject({
      value: 90,
      target: 76.6637,
      achievement: null,
      status: 'awaiting-judgement',
      version: 2,
      standingVersion: 1,
    });
    await reporting.producer.send(`${reporting.prefix}dx.indicators.events`, [
      standingsEvent('FIBRE_HH', FIBRE_TARGETS, [{ ...PROVINCE, period: '2024S2', version: 2, value: 90 }]),
    ]);
    await waitFor(
      async () => {
        const line = await provinceFibreLine(reporting);
        return line?.status === 'on-track' && line.achievement === 117.4 ? true : undefined;
      },
      30000,
      'the new figure’s judgement',
    );
  });
});
