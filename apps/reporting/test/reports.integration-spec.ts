import { readTopic, waitFor } from '@dxhub/testing';
import { Workbook } from 'exceljs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReportScheduler } from '../src/reports/report.scheduler';
import { aggregateEvent, obligationProgress, serviceEvent } from './fixtures';
import { pdfToText } from './pdf-text';
import { DVC_VI, FIBRE_VI, OFFICE, provinceFibreLine, useReportingWithFigures, VIEWER } from './reports-harness';

/*
 * Period reports from events only (hand-made catalogue, hierarchy, aggregate, standings and DTI-score events:
 * reports-harness.ts),
 * with the report's dx.report.published event and its CSV, XLSX and PDF exports; open data, agency performance and
 * the schedule.
 */
describe('period reports, open data and agency performance (Kafka + PostgreSQL)', () => {
  const reporting = useReportingWithFigures('reports');

  it('freezes a half-yearly report with the regime’s window, publishes dx.report.published, and exports it', async () => {
    expect(
      (
        await fetch(`${reporting.url}/v1/reports`, {
          method: 'POST',
          headers: { ...VIEWER, 'content-type': 'application/json' },
          body: '{"period":"2024S2"}',
        })
      ).status,
    ).toBe(403);
    const res = await fetch(`${reporting.url}/v1/reports`, {
      method: 'POST',
      headers: { ...OFFICE, 'content-type': 'application/json' },
      body: JSON.stringify({ period: '2024S2' }),
    });
    expect(res.status).toBe(201);
    const report = (await res.json()) as { reportId: string; kind: string; window: { start: string; end: string } };
    expect(report).toMatchObject({ kind: 'HALF_YEARLY', window: { start: '2024-06-15', end: '2024-12-14' } });

    const [published] = await readTopic(`${reporting.prefix}dx.reporting.events`, 1);
    expect(published.headers.ce_type).toBe('dx.report.published');
    expect(JSON.parse(published.value?.toString() ?? '{}')).toMatchObject({
      reportId: report.reportId,
      period: '2024S2',
      orgUnitCode: '82',
      trigger: 'on-demand',
    });

    // A later figure does not change the frozen report.
    await reporting.producer.send(`${reporting.prefix}dx.indicators.events`, [
      aggregateEvent('FIBRE_HH', '82', 'Tỉnh Tiền Giang', '2024S2', 2, 90),
    ]);
    await waitFor(
      async () => ((await provinceFibreLine(reporting))?.value === 90 ? true : undefined),
      30000,
      'the new figure',
    );

    const xlsx = await fetch(`${reporting.url}/v1/reports/${report.reportId}/xlsx`, { headers: VIEWER });
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

    const csv = await (await fetch(`${reporting.url}/v1/reports/${report.reportId}/csv`, { headers: VIEWER })).text();
    expect(csv).toContain(`FIBRE_HH,${FIBRE_VI},Households with fibre broadband,XHS,HT,%,75,`);

    const pdf = Buffer.from(
      await (await fetch(`${reporting.url}/v1/reports/${report.reportId}/pdf`, { headers: VIEWER })).arrayBuffer(),
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
        const r = await fetch(`${reporting.url}/open-data/aggregates.json?indicator=FIBRE_HH&period=2024S2`);
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
        await fetch(`${reporting.url}/open-data/aggregates.json?indicator=FIBRE_HH&period=2024S2`, {
          headers: { 'if-none-match': etag },
        })
      ).status,
    ).toBe(304);
    const csv = await (
      await fetch(`${reporting.url}/open-data/aggregates.csv?indicator=FIBRE_HH&period=2024S2`)
    ).text();
    expect(csv.split('\r\n')[0]).toBe(
      'indicator,indicatorNameVi,indicatorNameEn,unit,orgUnit,orgUnitName,period,value,valueCount,version,updatedAt,sourceEventId,provenance,explain',
    );
    expect(csv).toContain(`FIBRE_HH,${FIBRE_VI},Households with fibre broadband,%,815,Thành phố Mỹ Tho,2024S2,88,1,1,`);
    expect((await fetch(`${reporting.url}/v1/scorecard?orgUnit=82&period=2024S2`)).status).toBe(401); // the API itself still wants a token
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
    await reporting.producer.send(`${reporting.prefix}dx.tasks.events`, [
      task('assigned', late, 1, 'ASSIGNED'),
      task('returned', late, 2, 'IN_PROGRESS', { reason: 'Thiếu minh chứng' }),
      task('assigned', done, 1, 'ASSIGNED'),
      task('approved', done, 3, 'APPROVED'),
    ]);
    // The indicators service's counts of STTTT's obligation periods: the half-year's own, one of its quarters and
    // one of its months count; 2025S1 does not. Version 2 of FIBRE_HH's half-year arrives before version 1.
    await reporting.producer.send(`${reporting.prefix}dx.indicators.events`, [
      obligationProgress('FIBRE_HH', '2024S2', 'SIX_MONTHLY', 2, [12, 9, 7]),
      obligationProgress('FIBRE_HH', '2024S2', 'SIX_MONTHLY', 1, [12, 3, 3]),
      obligationProgress('DVC_L4', '2024Q4', 'QUARTERLY', 1, [12, 12, 5]),
      obligationProgress('TCNSCD_TEAMS', '202412', 'MONTHLY', 1, [24, 3, 0]),
      obligationProgress('FIBRE_HH', '2025S1', 'SIX_MONTHLY', 1, [103, 1, 1]),
    ]);
    const rows = await waitFor(
      async () => {
        const res = await fetch(`${reporting.url}/v1/agency-performance?period=2024S2`, { headers: VIEWER });
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
    const scheduler = reporting.app.get(ReportScheduler);
    const made = await scheduler.runOnce('2025-01-20');
    expect(made).toHaveLength(4);
    expect(await scheduler.runOnce('2025-01-21')).toEqual([]);
    const list = (await (await fetch(`${reporting.url}/v1/reports`, { headers: VIEWER })).json()) as {
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
    const projections = (await (
      await fetch(`${reporting.url}/v1/projections?orgUnit=82`, { headers: VIEWER })
    ).json()) as {
      code: string;
      targets: { targetYear: number; projected: number | null; met: boolean }[];
    }[];
    const fibre = projections.find((p) => p.code === 'FIBRE_HH');
    expect(fibre?.targets.map((t) => t.targetYear)).toEqual([2025, 2030]);
    expect(fibre?.targets[0].projected).not.toBeNull();
  });
});
