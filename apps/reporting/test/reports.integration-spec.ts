import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp } from '@dxhub/http';
import {
  AgencyProducer,
  bearer,
  createTestDatabase,
  deleteTopicsWithPrefix,
  readTopic,
  serviceTestEnv,
  type TestDatabase,
  uniqueTopicPrefix,
  waitFor,
} from '@dxhub/testing';
import { Workbook } from 'exceljs';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ReportingAppModule } from '../src/app.module';
import { ReportScheduler } from '../src/reports/report.scheduler';
import {
  aggregateEvent,
  indicatorDefined,
  obligationProgress,
  orgUnitDefined,
  SCORES_2024S2,
  serviceEvent,
} from './fixtures';
import { pdfToText } from './pdf-text';

const APPROVED = 'dx.indicator-aggregate.approved';
const VIEWER = bearer({ agency: 'SYT', roles: ['viewer'] });
const OFFICE = bearer({ agency: 'STTTT', roles: ['programme-office'] });

const FIBRE_VI = 'Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang';
const DVC_VI = 'Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến mức độ 4';

/*
 * Scorecard, league table and period reports from events only (hand-made catalogue, hierarchy, aggregate and
 * DTI-score events), with the report's dx.report.published event and its CSV, XLSX and PDF exports.
 */
describe('scorecards, league tables and period reports (Kafka + PostgreSQL)', () => {
  let app: INestApplication;
  let url: string;
  let database: TestDatabase;
  let producer: AgencyProducer;
  const prefix = uniqueTopicPrefix('reports');

  beforeAll(async () => {
    database = await createTestDatabase('reports');
    Object.assign(process.env, serviceTestEnv(database, prefix), { REPORT_SCHEDULE_INTERVAL_MS: '0' });
    app = await NestFactory.create(ReportingAppModule, { logger: ['error'], abortOnError: false });
    configureHttpApp(app, { name: 'reporting', title: 'reporting', description: 'test', defaultPort: 0, config: [] });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    producer = await AgencyProducer.connect('test-indicators-service');
    await producer.send(`${prefix}dx.indicators.events`, [
      indicatorDefined('FIBRE_HH', {
        nameVi: FIBRE_VI,
        nameEn: 'Households with fibre broadband',
        unit: '%',
        responsibleAgency: 'STTTT',
        pillar: 'XHS',
        subIndex: 'HT',
        periodType: 'SIX_MONTHLY',
        direction: 'HIGHER_IS_BETTER',
        baseline: { period: '2022S1', value: 68.3 },
        targets: [
          { year: 2025, value: 80, comparator: '>', tolerance: 2 },
          { year: 2030, value: 100, comparator: '>=', tolerance: 2 },
        ],
      }),
      indicatorDefined('DVCTT_L4', {
        nameVi: DVC_VI,
        nameEn: 'Level-4 online public services',
        unit: '%',
        pillar: 'CQS',
        subIndex: 'HDCQS',
        periodType: 'SIX_MONTHLY',
        direction: 'HIGHER_IS_BETTER',
        targets: [{ year: 2025, value: 80, comparator: '>=', tolerance: 2 }],
      }),
      orgUnitDefined('82', 'Tỉnh Tiền Giang', 1, null),
      orgUnitDefined('815', 'Thành phố Mỹ Tho', 2, '82'),
      orgUnitDefined('816', 'Thành phố Gò Công', 2, '82'),
      orgUnitDefined('817', 'Thị xã Cai Lậy', 2, '82'),
      aggregateEvent('FIBRE_HH', '82', 'Tỉnh Tiền Giang', '2024S2', 1, 75),
      aggregateEvent('FIBRE_HH', '82', 'Tỉnh Tiền Giang', '2024S1', 1, 72),
      aggregateEvent('DVCTT_L4', '82', 'Tỉnh Tiền Giang', '2024S2', 1, 81.25),
      aggregateEvent('FIBRE_HH', '815', 'Thành phố Mỹ Tho', '2024S2', 1, 88),
      aggregateEvent('FIBRE_HH', '816', 'Thành phố Gò Công', '2024S2', 1, 61),
      aggregateEvent('FIBRE_HH', '817', 'Thị xã Cai Lậy', '2024S2', 1, 88),
      // Approved-only figures: Mỹ Tho's 88 approved; Gò Công's approved once, then re-opened by a correction
      // (nothing approved any more; the events arrive out of order); Cai Lậy's and the province's pending.
      aggregateEvent('FIBRE_HH', '815', 'Thành phố Mỹ Tho', '2024S2', 1, 88, APPROVED),
      aggregateEvent('FIBRE_HH', '816', 'Thành phố Gò Công', '2024S2', 2, null, APPROVED),
      aggregateEvent('FIBRE_HH', '816', 'Thành phố Gò Công', '2024S2', 1, 60, APPROVED),
      ...SCORES_2024S2, // what the indicators service publishes for these figures
    ]);
    for (const by of ['indicator&code=FIBRE_HH', 'overall']) {
      await waitFor(
        async () => {
          const res = await fetch(`${url}/v1/league-table?period=2024S2&by=${by}`, { headers: VIEWER });
          const body = res.ok ? ((await res.json()) as { rows: { value: number | null }[] }) : undefined;
          return body && body.rows.filter((r) => r.value !== null).length === 3 ? true : undefined;
        },
        30000,
        `the read models (${by})`,
      );
    }
  });

  afterAll(async () => {
    await producer?.close();
    await app?.close();
    await database?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  it('serves the scorecard laid out as the DTI, with targets from the catalogue', async () => {
    const res = await fetch(`${url}/v1/scorecard?orgUnit=82&period=2024S2`, { headers: VIEWER });
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
    expect(fibre).toMatchObject({ code: 'FIBRE_HH', nameVi: FIBRE_VI, value: 75, status: 'within-tolerance' });
    expect(fibre?.target).toBeGreaterThan(75);
    expect(fibre?.target).toBeLessThan(80);
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
      await fetch(`${url}/v1/scorecard?orgUnit=82&period=2024S1`, { headers: VIEWER })
    ).json()) as typeof card;
    expect(earlier.indexes.find((i) => i.code === 'HT')?.lines[0]).toMatchObject({ code: 'FIBRE_HH', value: 72 });
    expect(earlier.indexes.every((i) => i.score === null)).toBe(true);
    expect(earlier.overall).toEqual({ score: null, points: null, maxPoints: 1000, coverage: 0 });
  });

  it('ranks the districts by an indicator (ties share a rank), and by the published pillar, index and overall scores', async () => {
    const table = (await (
      await fetch(`${url}/v1/league-table?period=2024S2&by=indicator&code=FIBRE_HH`, { headers: VIEWER })
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
        await fetch(`${url}/v1/league-table?period=2024S2&by=${by}`, { headers: VIEWER })
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
      await fetch(`${url}/v1/league-table?period=2024S2&by=overall&level=1`, { headers: VIEWER })
    ).json()) as { rows: { orgUnitCode: string; value: number }[] };
    expect(province.rows).toEqual([expect.objectContaining({ orgUnitCode: '82', value: 0.9928, rank: 1 })]);
    const bad = await fetch(`${url}/v1/league-table?period=2024S2&by=indicator`, { headers: VIEWER });
    expect(bad.status).toBe(400);
  });

  it('freezes a half-yearly report with the regime’s window, publishes dx.report.published, and exports it', async () => {
    expect(
      (
        await fetch(`${url}/v1/reports`, {
          method: 'POST',
          headers: { ...VIEWER, 'content-type': 'application/json' },
          body: '{"period":"2024S2"}',
        })
      ).status,
    ).toBe(403);
    const res = await fetch(`${url}/v1/reports`, {
      method: 'POST',
      headers: { ...OFFICE, 'content-type': 'application/json' },
      body: JSON.stringify({ period: '2024S2' }),
    });
    expect(res.status).toBe(201);
    const report = (await res.json()) as { reportId: string; kind: string; window: { start: string; end: string } };
    expect(report).toMatchObject({ kind: 'HALF_YEARLY', window: { start: '2024-06-15', end: '2024-12-14' } });

    const [published] = await readTopic(`${prefix}dx.reporting.events`, 1);
    expect(published.headers.ce_type).toBe('dx.report.published');
    expect(JSON.parse(published.value?.toString() ?? '{}')).toMatchObject({
      reportId: report.reportId,
      period: '2024S2',
      orgUnitCode: '82',
      trigger: 'on-demand',
    });

    // A later figure does not change the frozen report.
    await producer.send(`${prefix}dx.indicators.events`, [
      aggregateEvent('FIBRE_HH', '82', 'Tỉnh Tiền Giang', '2024S2', 2, 90),
    ]);
    await waitFor(
      async () => {
        const card = (await (
          await fetch(`${url}/v1/scorecard?orgUnit=82&period=2024S2`, { headers: VIEWER })
        ).json()) as { indexes: { code: string; lines: { value: number }[] }[] };
        return card.indexes.find((i) => i.code === 'HT')?.lines[0].value === 90 ? true : undefined;
      },
      30000,
      'the new figure',
    );

    const xlsx = await fetch(`${url}/v1/reports/${report.reportId}/xlsx`, { headers: VIEWER });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Chỉ tiêu');
    const rows = new Map<string, { nameVi: string; value: unknown; target: unknown }>();
    sheet?.eachRow((row, n) => {
      if (n > 1)
        rows.set(String(row.getCell(1).value), {
          nameVi: String(row.getCell(2).value),
          value: row.getCell(7).value,
          target: row.getCell(8).value,
        });
    });
    expect(rows.get('FIBRE_HH')).toMatchObject({ nameVi: FIBRE_VI, value: 75 });
    expect(rows.get('DVCTT_L4')).toMatchObject({ nameVi: DVC_VI, value: 81.25, target: 80 });

    const csv = await (await fetch(`${url}/v1/reports/${report.reportId}/csv`, { headers: VIEWER })).text();
    expect(csv).toContain(`FIBRE_HH,${FIBRE_VI},Households with fibre broadband,XHS,HT,%,75,`);

    const pdf = Buffer.from(
      await (await fetch(`${url}/v1/reports/${report.reportId}/pdf`, { headers: VIEWER })).arrayBuffer(),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    mkdirSync(join(__dirname, '../../../tmp'), { recursive: true });
    writeFileSync(join(__dirname, '../../../tmp/report-2024S2.pdf'), pdf); // to look at (pdftoppm)
    const text = pdfToText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Tỉnh Tiền Giang');
    expect(text).toContain('Báo cáo 6 tháng kỳ 2024S2');
    expect(text).toContain('Tỷ lệ hộ gia đình có kết nối Internet');
    expect(text).toContain('Chính quyền số');
  });

  it('serves the approved figures as open data, and nothing pending or re-opened: public, cacheable, JSON and CSV with provenance links', async () => {
    const res = await waitFor(
      async () => {
        const r = await fetch(`${url}/open-data/aggregates.json?indicator=FIBRE_HH&period=2024S2`);
        return ((await r.clone().json()) as { rows: unknown[] }).rows.length > 0 ? r : undefined;
      },
      30000,
      'the approved figures',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = res.headers.get('etag') ?? '';
    const body = (await res.json()) as {
      license: string;
      rows: {
        orgUnit: string;
        indicatorNameVi: string;
        value: number;
        provenance: string;
        explain: string;
        sourceEventId: string;
      }[];
    };
    expect(body.license).toBe('CC BY 4.0');
    expect(body.rows.map((r) => r.orgUnit)).toEqual(['815']);
    expect(body.rows[0]).toMatchObject({
      indicatorNameVi: FIBRE_VI,
      value: 88,
      sourceEventId: 'approved:FIBRE_HH:815:2024S2:v1',
    });
    expect(body.rows[0].provenance).toMatch(
      /\/v1\/aggregates\?indicator=FIBRE_HH&orgUnit=815&period=2024S2&status=approved$/,
    );
    expect(body.rows[0].explain).toMatch(/\/v1\/aggregates\/explain\?indicator=FIBRE_HH&orgUnit=815&period=2024S2$/);
    expect(
      (
        await fetch(`${url}/open-data/aggregates.json?indicator=FIBRE_HH&period=2024S2`, {
          headers: { 'if-none-match': etag },
        })
      ).status,
    ).toBe(304);
    const csv = await (await fetch(`${url}/open-data/aggregates.csv?indicator=FIBRE_HH&period=2024S2`)).text();
    expect(csv.split('\r\n')[0]).toBe(
      'indicator,indicatorNameVi,indicatorNameEn,unit,orgUnit,orgUnitName,period,value,valueCount,version,updatedAt,sourceEventId,provenance,explain',
    );
    expect(csv).toContain(`FIBRE_HH,${FIBRE_VI},Households with fibre broadband,%,815,Thành phố Mỹ Tho,2024S2,88,1,1,`);
    expect((await fetch(`${url}/v1/scorecard?orgUnit=82&period=2024S2`)).status).toBe(401); // the API itself still wants a token
  });

  it('reports agency performance: reporting completeness and timeliness, tasks overdue and returned', async () => {
    const task = (type: string, id: string, n: number, state: string, extra: object = {}) =>
      serviceEvent(`dx.task.${type}`, id, `task:${id}:${type}:${n}`, {
        taskId: id,
        code: 'G1.T1',
        titleVi: 'Nhiệm vụ thử',
        titleEn: 'A test task',
        state,
        leadAgency: 'SKHCN',
        coordinatingAgencies: [],
        reviewerAgency: 'SKHCN',
        dueDate: '2025-06-30',
        progressPercent: 50,
        occurredAt: new Date(Date.UTC(2025, 0, n)).toISOString(),
        ...extra,
      });
    const late = '3f1c2a4e-8b7d-4c6e-9a1f-2b3c4d5e6f71';
    const done = '3f1c2a4e-8b7d-4c6e-9a1f-2b3c4d5e6f72';
    await producer.send(`${prefix}dx.tasks.events`, [
      task('assigned', late, 1, 'ASSIGNED'),
      task('returned', late, 2, 'IN_PROGRESS', { reason: 'Thiếu minh chứng' }),
      task('assigned', done, 1, 'ASSIGNED'),
      task('approved', done, 3, 'APPROVED'),
    ]);
    // The indicators service's counts of STTTT's obligation periods: the half-year's own, one of its quarters and
    // one of its months count; 2025S1 does not. Version 2 of FIBRE_HH's half-year arrives before version 1.
    await producer.send(`${prefix}dx.indicators.events`, [
      obligationProgress('FIBRE_HH', '2024S2', 'SIX_MONTHLY', 2, [12, 9, 7]),
      obligationProgress('FIBRE_HH', '2024S2', 'SIX_MONTHLY', 1, [12, 3, 3]),
      obligationProgress('DVC_L4', '2024Q4', 'QUARTERLY', 1, [12, 12, 5]),
      obligationProgress('TCNSCD_TEAMS', '202412', 'MONTHLY', 1, [24, 3, 0]),
      obligationProgress('FIBRE_HH', '2025S1', 'SIX_MONTHLY', 1, [103, 1, 1]),
    ]);
    const rows = await waitFor(
      async () => {
        const res = await fetch(`${url}/v1/agency-performance?period=2024S2`, { headers: VIEWER });
        const body = res.ok ? ((await res.json()) as Record<string, unknown>[]) : [];
        const counted = body.find(
          (a) => a.agencyCode === 'STTTT' && a.expectedReports === 48 && a.receivedReports === 24,
        );
        return body.find((a) => a.agencyCode === 'SKHCN' && a.tasks === 2) && counted ? body : undefined;
      },
      30000,
      'the task figures',
    );
    expect(rows.find((a) => a.agencyCode === 'SKHCN')).toMatchObject({
      tasks: 2,
      tasksOnTime: 1,
      overdueTasks: 1,
      returnedTasks: 1,
    });
    // Sums over sums: 12 + 12 + 24 expected, 9 + 12 + 3 received, 7 + 5 + 0 on time.
    expect(rows.find((a) => a.agencyCode === 'STTTT')).toEqual({
      agencyCode: 'STTTT',
      expectedReports: 48,
      receivedReports: 24,
      onTimeReports: 12,
      completeness: 0.5,
      timeliness: 0.25,
      tasks: 0,
      tasksOnTime: 0,
      overdueTasks: 0,
      returnedTasks: 0,
    });
    // SKHCN owes no report in 2024S2: no ratios, after the agencies that owe some.
    expect(rows.find((a) => a.agencyCode === 'SKHCN')).toMatchObject({ expectedReports: 0, completeness: null });
    expect(rows.map((a) => a.agencyCode)).toEqual(['STTTT', 'SKHCN']);
  });

  it('generates the scheduled reports once per closed period, and projects the targets at the current pace', async () => {
    const scheduler = app.get(ReportScheduler);
    const made = await scheduler.runOnce('2025-01-20');
    expect(made).toHaveLength(4);
    expect(await scheduler.runOnce('2025-01-21')).toEqual([]);
    const list = (await (await fetch(`${url}/v1/reports`, { headers: VIEWER })).json()) as {
      kind: string;
      period: string;
      trigger: string;
    }[];
    expect(
      list
        .filter((r) => r.trigger === 'scheduled')
        .map((r) => `${r.kind} ${r.period}`)
        .sort(),
    ).toEqual(['HALF_YEARLY 2024S2', 'MONTHLY 202501', 'QUARTERLY 2024Q4', 'YEARLY 2024']);
    const projections = (await (await fetch(`${url}/v1/projections?orgUnit=82`, { headers: VIEWER })).json()) as {
      code: string;
      targets: { targetYear: number; projected: number | null; met: boolean }[];
    }[];
    const fibre = projections.find((p) => p.code === 'FIBRE_HH');
    expect(fibre?.targets.map((t) => t.targetYear)).toEqual([2025, 2030]);
    expect(fibre?.targets[0].projected).not.toBeNull();
  });
});
