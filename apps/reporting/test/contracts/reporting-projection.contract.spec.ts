import { EVENT_CATALOG, type EventType, EventTypes, ServiceTopics } from '@dxhub/contracts';
import type { QueryRunner } from 'typeorm';
import { applyIndicatorsEvents } from '../../src/projection/read-model.projection';
import { PROJECTED_EVENT_TYPES } from '../../src/projection/read-model.projector';

/*
 * The indicators service's catalogue examples against what reporting's projection reads: every field a read-model
 * column takes must be in the producer's payload under the name the projection uses. A renamed or dropped field
 * reaches the SQL as undefined, which the checks below refuse.
 */
interface Statement {
  table: string;
  params: unknown[][];
}

async function project(types: readonly EventType[]): Promise<{ statements: Statement[]; changed: unknown[] }> {
  const statements: Statement[] = [];
  // A QueryRunner as far as @dxhub/persistence's statement helpers look (they run every statement through query).
  const sql = {
    isReleased: false,
    query: async (text: string, params: unknown[] = []) => {
      statements.push({ table: /INSERT INTO (\w+)/.exec(text)?.[1] ?? text, params: params as unknown[][] });
      return [];
    },
  };
  const events = types.map((type) => ({ id: `${type}:1`, type, data: EVENT_CATALOG[type].example }));
  const changed = await applyIndicatorsEvents(sql as unknown as QueryRunner, events);
  return { statements, changed };
}

/** The province's aggregate of the catalogue examples as the read model's row takes it, but for its event id. */
const PROVINCE_ROW = [
  'FIBRE_HH',
  '82',
  '2024',
  'Tỉnh Tiền Giang',
  'RATIO',
  '71.25',
  '285000',
  '400000',
  11,
  7,
  '2025-01-15T03:04:05.000Z',
];

describe('indicators events × reporting projection (catalogue examples)', () => {
  it('every type the projection reads is catalogued on dx.indicators.events', () => {
    for (const type of PROJECTED_EVENT_TYPES) {
      expect(EVENT_CATALOG[type].route).toEqual({ kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS });
    }
  });

  it('each example fills every column of its read model, none undefined', async () => {
    const { statements } = await project(PROJECTED_EVENT_TYPES);
    expect(statements.map((s) => s.table).sort()).toEqual([
      'aggregate_standings',
      'aggregates',
      'approved_aggregates',
      'dti_scores',
      'indicator_versions',
      'obligation_progress',
      'org_unit_versions',
    ]);
    for (const { table, params } of statements) {
      for (const column of params) expect([table, column.includes(undefined)]).toEqual([table, false]);
    }
  });

  it('aggregates and approved figures keep the exact numbers as decimal text, and their own versions', async () => {
    const { statements, changed } = await project(
      PROJECTED_EVENT_TYPES.filter((t) => t !== EventTypes.INDICATOR_AGGREGATES_UPDATED),
    );
    const row = (table: string) => statements.find((s) => s.table === table)!.params.map((column) => column[0]);
    expect(row('aggregates')).toEqual([...PROVINCE_ROW, 'dx.indicator-aggregate.updated:1']);
    expect(row('approved_aggregates').slice(5, 10)).toEqual(['70.5', '253800', '360000', 9, 3]);
    expect(row('org_unit_versions').slice(0, 5)).toEqual(['28249', '2025-07-01', null, 'Phường Đạo Thạnh', 'Phường']);
    expect(JSON.parse(String(row('indicator_versions')[2]))).toMatchObject({
      nameVi: 'Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang',
      targets: [{ year: 2025, value: 80, comparator: '>', tolerance: 2 }],
    });
    // The published scores as the indicators service computed them: numbers as decimal text, parts as sent.
    const scores = row('dti_scores');
    expect(scores.slice(0, 8)).toEqual([
      '82',
      '2024',
      'Tỉnh Tiền Giang',
      'DTI-2025',
      'QĐ 405/QĐ-BKHCN',
      true,
      '912.5',
      '0.4',
    ]);
    expect(JSON.parse(String(scores[8]))).toEqual(EVENT_CATALOG[EventTypes.DTI_SCORE_UPDATED].example.parts);
    expect(scores.slice(9)).toEqual([3, '2025-01-15T03:04:05.000Z', 'dx.dti-score.updated:1']);
    // Only the all-values aggregate is pushed to the live dashboards.
    expect(changed).toEqual([
      {
        indicatorCode: 'FIBRE_HH',
        orgUnitCode: '82',
        orgUnitName: 'Tỉnh Tiền Giang',
        period: '2024',
        value: 71.25,
        version: 7,
      },
    ]);
  });

  it('an obligation period’s counts keep the producer’s numbers, names and version', async () => {
    const { statements } = await project([EventTypes.OBLIGATION_PROGRESS_UPDATED]);
    const row = statements.find((s) => s.table === 'obligation_progress')!.params.map((column) => column[0]);
    expect(row).toEqual([
      'TCNSCD_TEAMS',
      '202602',
      'Báo cáo Số Tổ công nghệ số cộng đồng',
      'Report: Community digital-technology teams',
      'SKHCN',
      'STTTT',
      'MONTHLY',
      '2026-02-24',
      103,
      97,
      90,
      12,
      '2026-02-25T03:04:05.000Z',
      'dx.obligation.progress-updated:1',
    ]);
  });

  it('a batch of aggregate changes projects each change under its own id, as single-aggregate events did', async () => {
    const { statements, changed } = await project([EventTypes.INDICATOR_AGGREGATES_UPDATED]);
    const aggregates = statements.find((s) => s.table === 'aggregates')!.params;
    const rows = aggregates[0].map((_, i) => aggregates.map((column) => column[i]));
    expect(rows).toEqual([
      [...PROVINCE_ROW, 'aggregate:FIBRE_HH:1:2024:v7'],
      [
        'FIBRE_HH',
        '815',
        '2024',
        'Thành phố Mỹ Tho',
        'RATIO',
        '80',
        '40000',
        '50000',
        3,
        3,
        '2025-01-15T03:04:05.000Z',
        'aggregate:FIBRE_HH:12:2024:v3',
      ],
    ]);
    expect(changed).toHaveLength(2);
  });

  it('standings keep the judgement’s numbers, and a removal is a row without one (a tombstone)', async () => {
    const { statements, changed } = await project([EventTypes.INDICATOR_STANDINGS_UPDATED]);
    const standings = statements.find((s) => s.table === 'aggregate_standings')!.params;
    const rows = standings[0].map((_, i) => standings.map((column) => column[i]));
    const at = '2026-11-27T03:04:05.000Z';
    const id = 'dx.indicator-standings.updated:1';
    expect(rows).toEqual([
      [
        'FIBRE_HH',
        '815',
        '2024S2',
        'Thành phố Mỹ Tho',
        3,
        false,
        '88',
        '75',
        2025,
        '>',
        '2',
        '117.33',
        'on-track',
        at,
        id,
      ],
      [
        'FIBRE_HH',
        '816',
        '2024S2',
        'Thành phố Gò Công',
        4,
        false,
        '61',
        '75',
        2025,
        '>',
        '2',
        '81.33',
        'off-track',
        at,
        id,
      ],
      ['FIBRE_HH', '817', '2024S2', 'Thị xã Cai Lậy', 2, true, null, null, null, null, null, null, null, at, id],
    ]);
    // Standings are not pushed to the live dashboards (they follow the aggregates within a second).
    expect(changed).toEqual([]);
  });
});
