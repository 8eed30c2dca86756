import type { IndicatorAggregateUpdatedV1, TaskEventBaseV1 } from '@dxhub/contracts';
import { AggregatesRepository, type AggregateUpdate } from '../src/aggregates/aggregates.repository';
import { CatalogueRepository } from '../src/catalogue/catalogue.repository';
import type { ReportSnapshot } from '../src/reports/report-snapshot';
import { ReportsRepository } from '../src/reports/reports.repository';
import { TasksRepository } from '../src/tasks/tasks.repository';
import { useMigratedReportingDatabase } from './migrated-database';

/*
 * The reporting repositories against the migrated schema: each statement's rows read as its row shape says
 * (numerics as numbers, timestamps as Date or ISO text, json parsed), and writes run on the executor they are
 * given, so a transaction that rolls back takes them back.
 */
describe('reporting repositories (PostgreSQL)', () => {
  const db = useMigratedReportingDatabase('reporting_repositories');

  const update = (
    period: string,
    version: number,
    data: Partial<IndicatorAggregateUpdatedV1> = {},
  ): AggregateUpdate => ({
    id: `aggregate:FIBRE_HH:82:${period}:v${version}`,
    data: {
      indicatorCode: 'FIBRE_HH',
      orgUnitCode: '82',
      orgUnitName: 'Tỉnh Tiền Giang',
      period,
      aggregation: 'RATIO',
      value: 62.5,
      numerator: 50,
      denominator: 80,
      valueCount: version,
      version,
      updatedAt: new Date(Date.UTC(2025, 0, 1, 0, version)).toISOString(),
      ...data,
    },
  });

  it('keeps the highest version of an aggregate and reads it back as numbers', async () => {
    const aggregates = new AggregatesRepository(db.dataSource());
    await aggregates.upsert('aggregates', [update('2024S2', 3), update('2024S1', 1, { numerator: null, value: null })]);
    await aggregates.upsert('aggregates', [update('2024S2', 2, { value: 1 })]);
    expect(await aggregates.find('FIBRE_HH', '82', '2024S2')).toEqual({
      indicatorCode: 'FIBRE_HH',
      orgUnitCode: '82',
      orgUnitName: 'Tỉnh Tiền Giang',
      period: '2024S2',
      aggregation: 'RATIO',
      value: 62.5,
      numerator: 50,
      denominator: 80,
      valueCount: 3,
      version: 3,
      updatedAt: '2025-01-01T00:03:00.000Z',
    });
    expect(await aggregates.find('FIBRE_HH', '82', '2024S1')).toMatchObject({ value: null, numerator: null });
    expect(await aggregates.find('FIBRE_HH', '815', '2024S2')).toBeUndefined();
    expect(await aggregates.periods()).toEqual(['2024S2', '2024S1']);
    expect((await aggregates.series('82')).map((r) => r.period).sort()).toEqual(['2024S1', '2024S2']);
    expect(await aggregates.unitNames()).toEqual([{ orgUnitCode: '82', orgUnitName: 'Tỉnh Tiền Giang' }]);
  });

  it('writes on the transaction it is bound to: a rollback takes the write back', async () => {
    await expect(
      db.dataSource().transaction(async (m) => {
        await new AggregatesRepository(m).upsert('aggregates', [update('2023', 1)]);
        expect(await new AggregatesRepository(m).find('FIBRE_HH', '82', '2023')).toBeDefined();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await new AggregatesRepository(db.dataSource()).find('FIBRE_HH', '82', '2023')).toBeUndefined();
  });

  it('pages approved figures with their indicator’s names, and fingerprints them', async () => {
    const aggregates = new AggregatesRepository(db.dataSource());
    await aggregates.upsert('approved_aggregates', [
      update('2024S1', 1),
      update('2024S2', 2),
      update('2023', 1, { valueCount: 0 }),
    ]);
    await new CatalogueRepository(db.dataSource()).upsertIndicators([
      {
        id: 'ind:FIBRE_HH:r1',
        data: {
          code: 'FIBRE_HH',
          effectiveFrom: null,
          definition: { code: 'FIBRE_HH', nameVi: 'Tỷ lệ hộ có cáp quang', nameEn: 'Fibre households', unit: '%' },
          active: true,
          revision: 1,
          publishedAt: '2026-11-27T00:00:00.000Z',
        },
      },
    ]);
    const first = await aggregates.approvedPage({}, null, 1);
    expect(first).toEqual([
      {
        indicatorCode: 'FIBRE_HH',
        orgUnitCode: '82',
        orgUnitName: 'Tỉnh Tiền Giang',
        period: '2024S1',
        value: 62.5,
        valueCount: 1,
        version: 1,
        updatedAt: new Date('2025-01-01T00:01:00.000Z'),
        eventId: 'aggregate:FIBRE_HH:82:2024S1:v1',
        definition: { code: 'FIBRE_HH', nameVi: 'Tỷ lệ hộ có cáp quang', nameEn: 'Fibre households', unit: '%' },
      },
    ]);
    const next = await aggregates.approvedPage({}, ['FIBRE_HH', '82', '2024S1'], 1);
    expect(next.map((r) => r.period)).toEqual(['2024S2']);
    expect(await aggregates.approvedPage({ period: '2023' }, null, 10)).toEqual([]);
    expect(await aggregates.approvedFingerprint({ indicator: 'FIBRE_HH' })).toEqual({
      n: '2',
      versions: '3',
      latest: expect.stringMatching(/^2025-01-01 00:02:00/),
      catalogue: '1:1',
    });
  });

  it('stores a scheduled report once, and lists and reads reports back', async () => {
    const reports = new ReportsRepository(db.dataSource());
    const snapshot = (reportId: string, trigger: 'scheduled' | 'on-demand') =>
      ({
        reportId,
        kind: 'HALF_YEARLY',
        period: '2024S2',
        orgUnit: { code: '82', nameVi: 'Tỉnh Tiền Giang' },
        window: { start: '2024-06-15', end: '2024-12-14' },
        trigger,
        generatedAt: '2025-01-02T03:04:05.000Z',
        scorecard: { period: '2024S2' },
      }) as unknown as ReportSnapshot;
    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    expect(await reports.insert({ snapshot: snapshot(ids[0], 'scheduled'), orgUnitCode: '82' })).toBe(true);
    expect(await reports.insert({ snapshot: snapshot(ids[1], 'scheduled'), orgUnitCode: '82' })).toBe(false);
    expect(await reports.list(10)).toEqual([
      {
        id: ids[0],
        kind: 'HALF_YEARLY',
        period: '2024S2',
        orgUnitCode: '82',
        windowStart: '2024-06-15',
        windowEnd: '2024-12-14',
        trigger: 'scheduled',
        generatedAt: new Date('2025-01-02T03:04:05.000Z'),
      },
    ]);
    expect(await reports.snapshot(ids[0])).toEqual(snapshot(ids[0], 'scheduled'));
    expect(await reports.snapshot(ids[1])).toBeUndefined();
  });

  it('counts each agency’s tasks: on time, overdue on the given day, and returns', async () => {
    const tasks = new TasksRepository(db.dataSource());
    const task = (taskId: string, state: TaskEventBaseV1['state'], dueDate: string) =>
      ({
        taskId,
        code: taskId.slice(-2),
        titleVi: 'Nhiệm vụ',
        titleEn: 'Task',
        state,
        leadAgency: 'STTTT',
        dueDate,
        progressPercent: 50,
        occurredAt: '2025-01-10T00:00:00.000Z',
      }) as TaskEventBaseV1;
    const a = '00000000-0000-4000-8000-0000000000a1';
    const b = '00000000-0000-4000-8000-0000000000b2';
    await tasks.upsertStates([
      // Approved at 23:30 UTC on the 14th: the 15th in Vietnam, the due day.
      { id: 'e1', data: task(a, 'APPROVED', '2025-01-15'), approvedAt: '2025-01-14T23:30:00.000Z' },
      { id: 'e2', data: task(b, 'IN_PROGRESS', '2025-01-20'), approvedAt: null },
    ]);
    await tasks.insertReturns([
      { id: 'r1', taskId: b, occurredAt: '2025-01-11T00:00:00.000Z' },
      { id: 'r1', taskId: b, occurredAt: '2025-01-11T00:00:00.000Z' },
    ]);
    expect(await tasks.figuresByAgency('2025-01-21')).toEqual([
      { agency: 'STTTT', tasks: 2, on_time: 1, overdue: 1, returned: 1 },
    ]);
    expect(await tasks.figuresByAgency('2025-01-20')).toEqual([
      { agency: 'STTTT', tasks: 2, on_time: 1, overdue: 0, returned: 1 },
    ]);
  });
});
