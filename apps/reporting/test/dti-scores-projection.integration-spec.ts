import { type DtiScoreUpdatedV1, EventTypes } from '@dxhub/contracts';
import { column, execute, rowShape, selectRows } from '@dxhub/persistence';
import { applyIndicatorsEvents, type ProjectedEvent } from '../src/projection/read-model.projection';
import { DtiScoresRepository } from '../src/scores/dti-scores.repository';
import { useMigratedReportingDatabase } from './migrated-database';

/** A `dx.dti-score.updated` as the indicators service publishes it: the overall score, one pillar and one index. */
function scoreEvent(orgUnitCode: string, period: string, version: number, score: number): ProjectedEvent {
  const data: DtiScoreUpdatedV1 = {
    orgUnitCode,
    orgUnitName: orgUnitCode === '82' ? 'Tỉnh Tiền Giang' : `Đơn vị ${orgUnitCode}`,
    period,
    framework: 'DTI-2025',
    decision: 'QĐ 405/QĐ-BKHCN',
    pointsInferred: true,
    points: score * 1000,
    coverage: 0.1,
    parts: [
      { code: 'DTI', kind: 'overall', score, maxPoints: 1000, scored: version, indicators: version },
      { code: 'XHS', kind: 'pillar', score, maxPoints: 650, scored: version, indicators: version },
      { code: 'HT', kind: 'index', score, maxPoints: 100, scored: version, indicators: version },
    ],
    version,
    updatedAt: new Date(Date.UTC(2025, 0, 1, 0, version)).toISOString(),
  };
  return {
    id: `dti-score:${orgUnitCode}:${period}:v${version}`,
    type: EventTypes.DTI_SCORE_UPDATED,
    data,
  };
}

const tableRow = rowShape({ row: column.text });

/*
 * The DTI-score read model: whatever the batching, duplicates and order of `dx.dti-score.updated`, the rows end the
 * same, each (org unit, period) on its highest version, read back as the indicators service published it.
 */
describe('DTI scores projection (PostgreSQL)', () => {
  const db = useMigratedReportingDatabase('reporting_dti_scores');

  const events = [
    scoreEvent('82', '2024S2', 1, 0.5),
    scoreEvent('82', '2024S2', 2, 0.75),
    scoreEvent('82', '2024S2', 3, 0.8125),
    scoreEvent('815', '2024S2', 1, 0.9),
    scoreEvent('816', '2024S2', 2, 0.6),
    scoreEvent('816', '2024S2', 1, 0.61),
    scoreEvent('82', '2024', 4, 0.7),
  ];

  /** Projects the batches in order, each in its own transaction, and gives back the table's rows as JSON. */
  async function project(batches: ProjectedEvent[][]): Promise<string[]> {
    await execute(db.dataSource(), 'TRUNCATE dti_scores');
    for (const batch of batches) await db.dataSource().transaction((tx) => applyIndicatorsEvents(tx, batch));
    const rows = await selectRows(
      db.dataSource(),
      tableRow,
      `SELECT row_to_json(s)::text AS row FROM dti_scores s ORDER BY org_unit_code, period`,
    );
    return rows.map((r) => r.row);
  }

  it('ends in the same rows whatever the batching, duplicates and order', async () => {
    const inOrder = await project([events]);
    expect(inOrder).toHaveLength(4);
    // One event a batch, newest first, each twice.
    expect(await project([...events].reverse().flatMap((e) => [[e], [e]]))).toEqual(inOrder);
    // Batches of two, then the oldest versions again, late.
    const late = events.filter((e) => (e.data as DtiScoreUpdatedV1).version === 1);
    expect(
      await project([events.slice(0, 2), events.slice(2, 4), events.slice(4), late, [...events, ...events]]),
    ).toEqual(inOrder);
  });

  it('keeps each unit and period on its highest version, read back in one query for many units', async () => {
    await project([[...events].reverse()]);
    const scores = new DtiScoresRepository(db.dataSource());
    const period = await scores.ofUnits(['82', '815', '816', '817'], '2024S2');
    expect([...period.keys()].sort()).toEqual(['815', '816', '82']);
    expect(period.get('82')).toEqual({
      orgUnitCode: '82',
      period: '2024S2',
      framework: 'DTI-2025',
      decision: 'QĐ 405/QĐ-BKHCN',
      pointsInferred: true,
      points: 812.5,
      coverage: 0.1,
      parts: (events[2].data as DtiScoreUpdatedV1).parts,
      version: 3,
    });
    expect(period.get('816')).toMatchObject({ version: 2, points: 600 });
    expect(await scores.find('82', '2024')).toMatchObject({ version: 4, points: 700 });
    expect(await scores.find('817', '2024S2')).toBeUndefined();
  });
});
