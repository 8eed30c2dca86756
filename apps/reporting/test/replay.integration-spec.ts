import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { KafkaGateway } from '@dxhub/messaging';
import {
  AgencyProducer,
  type AgencyMessage,
  createTestDatabase,
  deleteTopicsWithPrefix,
  serviceTestEnv,
  type TestDatabase,
  uniqueTopicPrefix,
  waitFor,
} from '@dxhub/testing';
import { DataSource } from 'typeorm';
import { ReportingAppModule } from '../src/app.module';
import { replayAndCompare } from '../src/projection/read-model.replay';
import { dtiScoreEvent, obligationProgress, serviceEvent, standingsEvent } from './fixtures';

const aggregate = (
  indicatorCode: string,
  orgUnitCode: string,
  period: string,
  version: number,
  value: number,
  type = 'dx.indicator-aggregate.updated',
) =>
  serviceEvent(
    type,
    indicatorCode,
    `${type === 'dx.indicator-aggregate.updated' ? 'agg' : 'approved'}:${indicatorCode}:${orgUnitCode}:${period}:v${version}`,
    {
      indicatorCode,
      orgUnitCode,
      orgUnitName: orgUnitCode === '82' ? 'Tỉnh Tiền Giang' : `Đơn vị ${orgUnitCode}`,
      period,
      aggregation: 'SUM',
      value,
      valueCount: version,
      version,
      updatedAt: new Date(Date.UTC(2025, 0, 1, 0, version)).toISOString(),
    },
  );

/*
 * The replay command's promise: after live intake (duplicates, reordering, catalogue revisions and
 * hierarchy versions among it), rebuilding from the topic's beginning gives exactly the live rows; and
 * a live row that differs is reported.
 */
describe('read-model replay (Kafka + PostgreSQL)', () => {
  let app: INestApplication;
  let database: TestDatabase;
  let producer: AgencyProducer;
  const prefix = uniqueTopicPrefix('replay');

  beforeAll(async () => {
    database = await createTestDatabase('replay');
    Object.assign(process.env, serviceTestEnv(database, prefix));
    app = await NestFactory.create(ReportingAppModule, { logger: ['error'], abortOnError: false });
    await app.init();
    producer = await AgencyProducer.connect('test-indicators-service');
  });

  afterAll(async () => {
    await producer?.close();
    await app?.close();
    await database?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  it('rebuilds read models equal to the live ones, and reports a live row that differs', async () => {
    const topic = `${prefix}dx.indicators.events`;
    const messages: AgencyMessage[] = [];
    for (let v = 1; v <= 5; v++) {
      for (const unit of ['82', '815', '816'])
        messages.push(aggregate('BTS_COUNT', unit, '2024S2', v, v * 10 + unit.length));
    }
    messages.push(aggregate('BTS_COUNT', '82', '2024S2', 3, 999)); // an old version arriving late
    // Approved-only figures, the newer version first.
    messages.push(aggregate('BTS_COUNT', '815', '2024S2', 2, 21, 'dx.indicator-aggregate.approved'));
    messages.push(aggregate('BTS_COUNT', '815', '2024S2', 1, 13, 'dx.indicator-aggregate.approved'));
    messages.push(aggregate('BTS_COUNT', '816', '2024S2', 1, 13, 'dx.indicator-aggregate.approved'));
    // DTI scores: the province's in three versions (the oldest late, the newest twice), a district's once.
    const scores = (version: number, score: number) => ({
      points: score * 1000,
      coverage: 0.1,
      parts: [['DTI', 'overall', score, 1000, version] as ['DTI', 'overall', number, number, number]],
    });
    messages.push(dtiScoreEvent('82', 'Tỉnh Tiền Giang', '2024S2', 2, scores(2, 0.75)));
    messages.push(dtiScoreEvent('82', 'Tỉnh Tiền Giang', '2024S2', 3, scores(3, 0.8)));
    messages.push(dtiScoreEvent('815', 'Thành phố Mỹ Tho', '2024S2', 1, scores(1, 0.9)));
    messages.push(dtiScoreEvent('82', 'Tỉnh Tiền Giang', '2024S2', 1, scores(1, 0.5)));
    messages.push(dtiScoreEvent('82', 'Tỉnh Tiền Giang', '2024S2', 3, scores(3, 0.8)));
    messages.push(...messages.slice(0, 4)); // re-delivered
    // Standings: 815's value withdrawn at version 5 (a removal) arriving before its older standings, 816's judged
    // twice out of order, everything re-delivered.
    const targets = { targets: [{ year: 2025, value: 50, comparator: '>=', tolerance: 5 }] };
    const judged = (orgUnitCode: string, version: number, value: number | null) => ({
      orgUnitCode,
      orgUnitName: orgUnitCode === '82' ? 'Tỉnh Tiền Giang' : `Đơn vị ${orgUnitCode}`,
      period: '2024S2',
      version,
      value,
    });
    const standings = [
      standingsEvent('BTS_COUNT', targets, [judged('815', 5, null)]),
      standingsEvent('BTS_COUNT', targets, [judged('82', 5, 52), judged('815', 4, 43), judged('816', 5, 53)]),
      standingsEvent('BTS_COUNT', targets, [judged('815', 3, 33), judged('816', 4, 43)]),
    ];
    messages.push(...standings, standings[1]);
    for (const revision of [2, 1, 3]) {
      messages.push(
        serviceEvent('dx.indicator.defined', 'BTS_COUNT', `ind:BTS_COUNT:r${revision}`, {
          code: 'BTS_COUNT',
          effectiveFrom: null,
          definition: {
            code: 'BTS_COUNT',
            nameVi: `Số trạm BTS (r${revision})`,
            nameEn: 'BTS stations',
            unit: 'trạm',
            pillar: 'XHS',
            aggregation: 'SUM',
          },
          active: true,
          revision,
          publishedAt: new Date(Date.UTC(2026, 10, 27, 0, revision)).toISOString(),
        }),
      );
    }
    messages.push(
      serviceEvent('dx.org-unit.defined', '815', 'ou:815:1', {
        code: '815',
        nameVi: 'Thành phố Mỹ Tho',
        type: 'Thành phố',
        level: 2,
        validFrom: null,
        validTo: '2025-06-30',
        parents: [{ parentCode: '82', validFrom: null, validTo: '2025-06-30' }],
        publishedAt: '2026-11-27T00:00:00.000Z',
      }),
    );
    // Obligation period counts: versions out of order, one twice.
    messages.push(
      obligationProgress('FIBRE_HH', '2024S2', 'SIX_MONTHLY', 3, [12, 9, 7]),
      obligationProgress('FIBRE_HH', '2024S2', 'SIX_MONTHLY', 1, [12, 1, 1]),
      obligationProgress('TCNSCD_TEAMS', '202412', 'MONTHLY', 1, [24, 3, 0]),
      obligationProgress('FIBRE_HH', '2024S2', 'SIX_MONTHLY', 2, [12, 5, 5]),
      obligationProgress('FIBRE_HH', '2024S2', 'SIX_MONTHLY', 3, [12, 9, 7]),
    );
    const task = (type: string, n: number, state: string, extra: object = {}) =>
      serviceEvent(`dx.task.${type}`, '3f1c2a4e-8b7d-4c6e-9a1f-2b3c4d5e6f70', `task:${type}:${n}`, {
        taskId: '3f1c2a4e-8b7d-4c6e-9a1f-2b3c4d5e6f70',
        code: 'G4.T2',
        titleVi: 'Xây dựng Trung tâm giám sát, điều hành đô thị thông minh (IOC) cấp tỉnh',
        titleEn: 'Build the provincial IOC',
        state,
        leadAgency: 'SKHCN',
        coordinatingAgencies: ['VPUBND'],
        reviewerAgency: 'SKHCN',
        dueDate: '2026-12-31',
        progressPercent: n * 10,
        occurredAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
        ...extra,
      });
    const taskEvents = [
      task('approved', 6, 'APPROVED'),
      task('assigned', 1, 'ASSIGNED'),
      task('submitted', 3, 'SUBMITTED'),
      task('returned', 4, 'IN_PROGRESS', { reason: 'Thiếu minh chứng' }),
      task('submitted', 5, 'SUBMITTED'),
      task('returned', 4, 'IN_PROGRESS', { reason: 'Thiếu minh chứng' }),
      task('started', 2, 'IN_PROGRESS'),
    ];
    for (const t of taskEvents) await producer.send(`${prefix}dx.tasks.events`, [t]);
    // Several sends: the live projector sees them in several batches, the replay in others.
    for (let i = 0; i < messages.length; i += 7) await producer.send(topic, messages.slice(i, i + 7));

    const dataSource = app.get(DataSource);
    await waitFor(
      async () => {
        const [row] = (await dataSource.query(
          `SELECT (SELECT count(*) FROM aggregates WHERE version = 5)::int AS a, (SELECT max(revision) FROM indicator_versions) AS r,
                  (SELECT count(*) FROM org_unit_versions)::int AS o,
                  (SELECT state FROM tasks) AS t, (SELECT count(*) FROM task_returns)::int AS tr,
                  (SELECT count(*) FROM approved_aggregates)::int AS ap,
                  (SELECT sum(version) FROM obligation_progress)::int AS op,
                  (SELECT count(*) FROM dti_scores WHERE version = 3 OR org_unit_code = '815')::int AS s,
                  (SELECT count(*) FROM aggregate_standings WHERE aggregate_version = 5)::int AS st`,
        )) as {
          a: number;
          r: number | null;
          o: number;
          t: string | null;
          tr: number;
          ap: number;
          op: number;
          s: number;
          st: number;
        }[];
        const caughtUp =
          row.a === 3 &&
          row.r === 3 &&
          row.o === 1 &&
          row.t === 'APPROVED' &&
          row.tr === 1 &&
          row.ap === 2 &&
          row.op === 4 &&
          row.s === 2 &&
          row.st === 3;
        return caughtUp ? true : undefined;
      },
      30000,
      'the live read models',
    );

    const report = await replayAndCompare(dataSource, app.get(KafkaGateway), {
      liveGroups: { indicators: 'reporting-aggregates', tasks: 'reporting-tasks' },
    });
    expect(report.liveCaughtUp).toBe(true);
    expect(report.differences).toEqual([]);
    expect(report.rows).toEqual({
      aggregates: { live: 3, replayed: 3 },
      approved_aggregates: { live: 2, replayed: 2 },
      indicator_versions: { live: 1, replayed: 1 },
      org_unit_versions: { live: 1, replayed: 1 },
      tasks: { live: 1, replayed: 1 },
      task_returns: { live: 1, replayed: 1 },
      obligation_progress: { live: 2, replayed: 2 },
      dti_scores: { live: 2, replayed: 2 },
      aggregate_standings: { live: 3, replayed: 3 },
    });
    const rows = (await dataSource.query(
      `SELECT org_unit_code, aggregate_version::int AS v, removed, status FROM aggregate_standings ORDER BY org_unit_code`,
    )) as { org_unit_code: string; v: number; removed: boolean; status: string | null }[];
    expect(rows).toEqual([
      { org_unit_code: '815', v: 5, removed: true, status: null },
      { org_unit_code: '816', v: 5, removed: false, status: 'on-track' },
      { org_unit_code: '82', v: 5, removed: false, status: 'on-track' },
    ]);
    expect(report.eventsRead).toBe(messages.length + taskEvents.length);

    await dataSource.query(`UPDATE aggregates SET value = value + 1 WHERE org_unit_code = '816'`);
    const tampered = await replayAndCompare(dataSource, app.get(KafkaGateway), {
      liveGroups: { indicators: 'reporting-aggregates', tasks: 'reporting-tasks' },
    });
    expect(tampered.differences).toEqual([
      expect.objectContaining({ table: 'aggregates', onlyLive: 1, onlyReplayed: 1 }),
    ]);
    const [{ n }] = (await dataSource.query(
      `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'reporting_replay_%'`,
    )) as { n: number }[];
    expect(n).toBe(0);
  });
});
