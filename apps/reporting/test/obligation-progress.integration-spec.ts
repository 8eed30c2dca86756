import type { ObligationProgressUpdatedV1 } from '@dxhub/contracts';
import { createServiceDataSource, runMigrationsLocked } from '@dxhub/persistence';
import { createTestDatabase, type TestDatabase } from '@dxhub/testing';
import type { DataSource } from 'typeorm';
import { REPORTING_DATABASE } from '../src/database/reporting-database';
import { ObligationProgressRepository } from '../src/obligations/obligation-progress.repository';
import { applyIndicatorsEvents, type ProjectedEvent } from '../src/projection/read-model.projection';

const TYPE = 'dx.obligation.progress-updated';

/** One version of an obligation period's counts, as the indicators service publishes it. */
function progress(
  obligationCode: string,
  period: string,
  version: number,
  counts: Partial<ObligationProgressUpdatedV1> = {},
): ProjectedEvent {
  const data: ObligationProgressUpdatedV1 = {
    obligationCode,
    nameVi: `Báo cáo ${obligationCode}`,
    nameEn: `Report ${obligationCode}`,
    agency: 'SKHCN',
    declaredAgency: 'STTTT',
    period,
    periodType: /Q/.test(period) ? 'QUARTERLY' : 'MONTHLY',
    dueDate: '2025-01-08',
    expectedReports: 15,
    receivedReports: version,
    onTimeReports: version - 1,
    version,
    updatedAt: new Date(Date.UTC(2025, 0, 1, 0, version)).toISOString(),
    ...counts,
  };
  return { id: `obligation-progress:${obligationCode}:${period}:v${version}`, type: TYPE, data };
}

/*
 * The obligation progress read model against the migrated schema: whatever the batching, duplication or order of
 * the events, the rows end the same (the highest version of each obligation period), and agency performance's sums
 * read them per owing agency.
 */
describe('obligation progress read model (PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  const events = [
    progress('CSDL_MY_THO', '2024Q4', 1),
    progress('CSDL_MY_THO', '2024Q4', 2),
    progress('CSDL_MY_THO', '2024Q4', 3),
    progress('TCNSCD_TEAMS', '202410', 1, { expectedReports: 12, receivedReports: 0, onTimeReports: 0 }),
    progress('TCNSCD_TEAMS', '202411', 2, { expectedReports: 12, receivedReports: 12, onTimeReports: 10 }),
    progress('SYT_REPORT', '2024Q4', 1, { agency: 'SYT', declaredAgency: 'SYT', expectedReports: 2 }),
    progress('SYT_REPORT', '2025Q1', 4, { agency: 'SYT', declaredAgency: 'SYT', expectedReports: 7 }),
  ];

  const rows = async () =>
    (await dataSource.query(
      `SELECT row_to_json(p)::text AS row FROM obligation_progress p ORDER BY obligation_code, period`,
    )) as { row: string }[];

  /** Applies `batches` to an empty table, each batch in its own transaction, and returns the rows. */
  const project = async (batches: ProjectedEvent[][]) => {
    await dataSource.query('TRUNCATE obligation_progress');
    for (const batch of batches) await dataSource.transaction((m) => applyIndicatorsEvents(m, batch));
    return rows();
  };

  beforeAll(async () => {
    database = await createTestDatabase('reporting_obligation_progress');
    dataSource = createServiceDataSource({ url: database.url, poolSize: 2, ...REPORTING_DATABASE });
    await dataSource.initialize();
    await runMigrationsLocked(dataSource, REPORTING_DATABASE.schema);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('ends in the same rows whatever the batching, duplication and order, each period at its highest version', async () => {
    const inOrder = await project([events]);
    expect(inOrder).toHaveLength(5);
    expect(JSON.parse(inOrder[0].row)).toMatchObject({
      obligation_code: 'CSDL_MY_THO',
      period: '2024Q4',
      name_vi: 'Báo cáo CSDL_MY_THO',
      agency: 'SKHCN',
      declared_agency: 'STTTT',
      period_type: 'QUARTERLY',
      due_date: '2025-01-08',
      expected_reports: 15,
      received_reports: 3,
      on_time_reports: 2,
      version: 3,
      event_id: 'obligation-progress:CSDL_MY_THO:2024Q4:v3',
    });
    const reversed = [...events].reverse();
    expect(await project([reversed])).toEqual(inOrder);
    expect(await project(reversed.map((e) => [e]))).toEqual(inOrder);
    expect(await project([events.slice(4), events.slice(0, 4), events, [events[1], events[0]]])).toEqual(inOrder);
    // The same events again change nothing.
    for (const e of events) await dataSource.transaction((m) => applyIndicatorsEvents(m, [e]));
    expect(await rows()).toEqual(inOrder);
  });

  it('sums the counts of the periods asked for per owing agency', async () => {
    await project([events]);
    const repository = new ObligationProgressRepository(dataSource);
    expect(await repository.countsByAgency(['2024Q4', '202410', '202411', '202412'])).toEqual([
      { agency: 'SKHCN', expectedReports: 15 + 12 + 12, receivedReports: 3 + 0 + 12, onTimeReports: 2 + 0 + 10 },
      { agency: 'SYT', expectedReports: 2, receivedReports: 1, onTimeReports: 0 },
    ]);
    expect(await repository.countsByAgency(['2025Q1'])).toEqual([
      { agency: 'SYT', expectedReports: 7, receivedReports: 4, onTimeReports: 3 },
    ]);
    expect(await repository.countsByAgency(['2023'])).toEqual([]);
  });
});
