import type { AggregateStandingV1, IndicatorStandingsUpdatedV1 } from '@dxhub/contracts';
import { createServiceDataSource, runMigrationsLocked } from '@dxhub/persistence';
import { createTestDatabase, type TestDatabase } from '@dxhub/testing';
import type { DataSource } from 'typeorm';
import { REPORTING_DATABASE } from '../src/database/reporting-database';
import { applyIndicatorsEvents, type ProjectedEvent } from '../src/projection/read-model.projection';
import { StandingsRepository } from '../src/standings/standings.repository';

const judged = (
  orgUnitCode: string,
  aggregateVersion: number,
  value: number,
  achievement: number,
  status: AggregateStandingV1['status'],
): AggregateStandingV1 => ({
  orgUnitCode,
  orgUnitName: `Đơn vị ${orgUnitCode}`,
  period: '2024S2',
  aggregateVersion,
  value,
  target: 76.6637,
  targetYear: 2025,
  comparator: '>',
  tolerance: 2,
  achievement,
  status,
});
const removed = (orgUnitCode: string, aggregateVersion: number): AggregateStandingV1 => ({
  orgUnitCode,
  orgUnitName: `Đơn vị ${orgUnitCode}`,
  period: '2024S2',
  aggregateVersion,
  removed: true,
});
const event = (id: string, minute: number, ...standings: AggregateStandingV1[]): ProjectedEvent => ({
  id,
  type: 'dx.indicator-standings.updated',
  data: {
    indicatorCode: 'FIBRE_HH',
    evaluatedAt: new Date(Date.UTC(2025, 0, 6, 8, minute)).toISOString(),
    standings,
  } satisfies IndicatorStandingsUpdatedV1,
});

/*
 * The standings read model under every order the bus may deliver: duplicates, reordering, a removal before the older
 * standing it supersedes, two judgements of one aggregate version, and any batching end in the same rows.
 */
const EVENTS: ProjectedEvent[] = [
  // Gò Công (816): off track at version 1, on track at version 2 after a correction.
  event('standings:FIBRE_HH:a1', 0, judged('816', 1, 61, 79.57, 'off-track'), judged('82', 1, 61, 79.57, 'off-track')),
  event('standings:FIBRE_HH:a2', 1, judged('816', 2, 78, 101.74, 'on-track'), judged('82', 2, 78, 101.74, 'on-track')),
  // Mỹ Tho (815): judged at version 2, then its value withdrawn at version 3 (a tombstone).
  event('standings:FIBRE_HH:b2', 2, judged('815', 2, 88, 114.79, 'on-track')),
  event('standings:FIBRE_HH:b3', 3, removed('815', 3)),
  // Cai Lậy (817): version 1 judged twice (a definition changed in between): the later judgement holds.
  event('standings:FIBRE_HH:c1', 4, judged('817', 1, 75, 97.83, 'within-tolerance')),
  event('standings:FIBRE_HH:c2', 5, { ...judged('817', 1, 75, 93.75, 'off-track'), target: 80, tolerance: 1 }),
];

/** A deterministic shuffle (a linear congruential generator), so a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('standings read model (PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('reporting_standings');
    dataSource = createServiceDataSource({ url: database.url, poolSize: 2, ...REPORTING_DATABASE });
    await dataSource.initialize();
    await runMigrationsLocked(dataSource, REPORTING_DATABASE.schema);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** Projects the batches, each in its own transaction, into an empty table; answers the rows. */
  const project = async (batches: ProjectedEvent[][]) => {
    await dataSource.query('TRUNCATE aggregate_standings');
    for (const batch of batches) await dataSource.transaction((m) => applyIndicatorsEvents(m, batch));
    return new StandingsRepository(dataSource).list({ periods: ['2024S2'] });
  };
  const byUnit = <T extends { orgUnitCode: string }>(rows: T[]) =>
    [...rows].sort((a, b) => a.orgUnitCode.localeCompare(b.orgUnitCode));

  it('keeps the newest standing per aggregate, removals as tombstones, whatever the order, duplicates or batching', async () => {
    const inOrder = byUnit(await project(EVENTS.map((e) => [e])));
    expect(inOrder).toEqual([
      expect.objectContaining({
        orgUnitCode: '815',
        aggregateVersion: 3,
        removed: true,
        status: null,
        achievement: null,
      }),
      expect.objectContaining({
        orgUnitCode: '816',
        aggregateVersion: 2,
        removed: false,
        value: 78,
        achievement: 101.74,
      }),
      expect.objectContaining({
        orgUnitCode: '817',
        aggregateVersion: 1,
        status: 'off-track',
        target: 80,
        tolerance: 1,
      }),
      expect.objectContaining({ orgUnitCode: '82', aggregateVersion: 2, status: 'on-track', target: 76.6637 }),
    ]);
    const orders: [string, ProjectedEvent[][]][] = [
      ['one batch', [EVENTS]],
      ['reversed, one at a time', [...EVENTS].reverse().map((e) => [e])],
      ['reversed, one batch', [[...EVENTS].reverse()]],
      ['the removal before the older standing', [[EVENTS[3]], [EVENTS[2]], EVENTS]],
      ['duplicated in and across batches', [[EVENTS[1], EVENTS[1]], EVENTS, [EVENTS[0], EVENTS[4]]]],
      ...[1, 2, 3, 4, 5].map((seed): [string, ProjectedEvent[][]] => {
        const events = shuffled([...EVENTS, ...EVENTS], seed);
        return [
          `shuffled (seed ${seed}) in pairs`,
          events.map((_, i) => events.slice(i, i + 2)).filter((_, i) => i % 2 === 0),
        ];
      }),
    ];
    for (const [name, batches] of orders) {
      expect({ name, rows: byUnit(await project(batches)) }).toEqual({ name, rows: inOrder });
    }
  });

  it('answers the standings of some org units only', async () => {
    await project([EVENTS]);
    const repository = new StandingsRepository(dataSource);
    expect((await repository.list({ periods: ['2024S2'], orgUnits: ['816'] })).map((s) => s.orgUnitCode)).toEqual([
      '816',
    ]);
    expect(await repository.list({ periods: ['2024S1'] })).toEqual([]);
  });
});
