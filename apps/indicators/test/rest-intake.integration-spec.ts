import { bearer } from '@dxhub/testing';
import { type CellValue, Workbook } from 'exceljs';
import { DataSource } from 'typeorm';
import { type RunningIndicators, startIndicators, storedAggregate } from './indicators-app';

/** A reporter of STTTT, the agency responsible for the indicators these tests report. */
const AUTH = bearer({ agency: 'STTTT', roles: ['reporter', 'viewer'] });

/*
 * Intake over HTTP against the real broker and database: JSON batches and the Excel template take the
 * same path as Kafka events, every value gets its own result, and the good values beside bad ones move the
 * aggregates exactly once.
 */
describe('indicator intake over HTTP (REST + xlsx, PostgreSQL)', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  let service: RunningIndicators;
  let db: DataSource;

  interface Report {
    statusCode?: number;
    error?: string;
    message?: string;
    accepted: number;
    duplicates: number;
    rejected: number;
    results: { index: number; status: string; reason?: string; id: string | null }[];
  }
  interface UploadReport {
    statusCode?: number;
    error?: string;
    sheet: string;
    ignoredColumns: string[];
    accepted: number;
    duplicates: number;
    rejected: number;
    rows: { row: number; status: string; reason?: string; id: string }[];
  }

  async function postValues(body: unknown): Promise<{ status: number; body: Report }> {
    const res = await fetch(`${service.url}/v1/indicator-values`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Report };
  }

  async function upload(
    bytes: Buffer,
    opts: { agencyCode?: string; type?: string; name?: string; query?: string } = {},
  ): Promise<Response> {
    const form = new FormData();
    form.append('agencyCode', opts.agencyCode ?? 'STTTT');
    form.append('file', new Blob([bytes], { type: opts.type ?? XLSX }), opts.name ?? 'bao-cao.xlsx');
    return fetch(`${service.url}/v1/indicator-values/upload${opts.query ?? ''}`, {
      method: 'POST',
      body: form,
      headers: AUTH,
    });
  }

  async function loadXlsx(bytes: ArrayBuffer | Buffer): Promise<Workbook> {
    const workbook = new Workbook();
    await workbook.xlsx.load(bytes as unknown as Parameters<Workbook['xlsx']['load']>[0]);
    return workbook;
  }

  async function template(): Promise<Workbook> {
    const res = await fetch(`${service.url}/v1/indicator-values/template.xlsx`, { headers: AUTH });
    expect(res.status).toBe(200);
    return loadXlsx(await res.arrayBuffer());
  }

  /** The template from the service, filled from row 2 down, as the bytes of the file an agency uploads. */
  async function filledTemplate(rows: CellValue[][]): Promise<Buffer> {
    const workbook = await template();
    rows.forEach((cells, i) => (workbook.worksheets[0].getRow(i + 2).values = cells));
    return Buffer.from((await workbook.xlsx.writeBuffer()) as unknown as Uint8Array);
  }

  const aggregate = (indicator: string, orgUnit: string, on: string, period: string) =>
    storedAggregate(db, indicator, orgUnit, on, period);

  const reportCount = async () => Number((await db.query(`SELECT count(*)::int AS n FROM indicator_reports`))[0].n);

  beforeAll(async () => {
    service = await startIndicators('rest');
    db = service.app.get(DataSource);
  });

  afterAll(async () => {
    await service?.close();
  });

  describe('POST /v1/indicator-values', () => {
    it('applies the good values of a batch and reports each bad one with its reason', async () => {
      const good = { indicatorCode: 'BTS_COUNT', orgUnitCode: '817', period: '2023S2' };
      const { status, body } = await postValues({
        agencyCode: 'STTTT',
        values: [
          { ...good, value: 5, id: 'rest-good-1', reportedAt: '2024-01-05T08:00:00+07:00' },
          { indicatorCode: 'FIBRE_HH', orgUnitCode: '817', period: '2023S2', numerator: 30, denominator: 40 },
          { ...good, indicatorCode: 'NO_SUCH', value: 1 },
          { ...good, period: '2023-07', value: 1 },
          { indicatorCode: 'FIBRE_HH', orgUnitCode: '817', period: '2023S2', value: 50 },
          { ...good, orgUnitCode: '99999', value: 1 },
          { ...good, value: 1, unit: 'trạm' },
          { ...good, value: 1, reportedAt: 'yesterday' },
          'BTS_COUNT,817,2023S2,1',
          { ...good, orgUnitCode: '818', value: 2.5 },
        ],
      });
      expect(status).toBe(200);
      expect(body).toMatchObject({ accepted: 3, duplicates: 0, rejected: 7 });
      expect(body.results.map((r) => [r.index, r.status])).toEqual([
        [0, 'accepted'],
        [1, 'accepted'],
        [2, 'rejected'],
        [3, 'rejected'],
        [4, 'rejected'],
        [5, 'rejected'],
        [6, 'rejected'],
        [7, 'rejected'],
        [8, 'rejected'],
        [9, 'accepted'],
      ]);
      const reasons = body.results.map((r) => r.reason ?? '');
      expect(reasons[2]).toMatch(/unknown indicator 'NO_SUCH'/);
      expect(reasons[3]).toMatch(/DHIS2 notation/);
      expect(reasons[4]).toMatch(/FIBRE_HH is a RATIO: send numerator and denominator/);
      expect(reasons[5]).toMatch(/unknown org unit '99999'/);
      expect(reasons[6]).toMatch(/property unit should not exist/);
      expect(reasons[7]).toMatch(/reportedAt must be an RFC 3339 timestamp/);
      expect(reasons[8]).toMatch(/must be a JSON object/);
      expect(body.results[0].id).toBe('rest-good-1');
      expect(body.results[1].id).toMatch(/^[0-9a-f-]{36}$/);

      // Applied before the response, so no waiting: the two district values, none of the refused ones.
      expect(await aggregate('BTS_COUNT', '82', '2023-12-31', '2023S2')).toMatchObject({ sum: 7.5, count: 2 });
      expect(await aggregate('BTS_COUNT', '817', '2023-12-31', '2023S2')).toMatchObject({ sum: 5, count: 1 });
      expect(await aggregate('FIBRE_HH', '82', '2023-12-31', '2023S2')).toMatchObject({ num: 30, den: 40, count: 1 });
      const [stored] = await db.query(
        `SELECT event_source, topic, reported_at FROM indicator_reports WHERE event_id = 'rest-good-1'`,
      );
      expect(stored).toMatchObject({ event_source: '/agencies/STTTT', topic: 'rest' });
      expect((stored.reported_at as Date).toISOString()).toBe('2024-01-05T01:00:00.000Z');
    });

    it('counts an idempotency key once, across requests and within one', async () => {
      const value = { indicatorCode: 'BTS_COUNT', orgUnitCode: '819', period: '2023S2', value: 4, id: 'rest-idem-1' };
      expect((await postValues({ agencyCode: 'STTTT', values: [value] })).body).toMatchObject({
        accepted: 1,
        duplicates: 0,
      });
      const before = await aggregate('BTS_COUNT', '819', '2023-12-31', '2023S2');
      expect(before).toMatchObject({ sum: 4, count: 1 });

      // A retry (even one whose value changed: the key names the report) changes nothing and is still a success.
      const retry = await postValues({ agencyCode: 'STTTT', values: [value, { ...value, value: 40 }] });
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ accepted: 0, duplicates: 2, rejected: 0 });
      expect(await aggregate('BTS_COUNT', '819', '2023-12-31', '2023S2')).toEqual(before);

      const twice = await postValues({
        agencyCode: 'STTTT',
        values: [
          { ...value, id: 'rest-idem-2', orgUnitCode: '820' },
          { ...value, id: 'rest-idem-2', orgUnitCode: '820' },
        ],
      });
      expect(twice.body.results.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
      expect(await aggregate('BTS_COUNT', '820', '2023-12-31', '2023S2')).toMatchObject({ sum: 4, count: 1 });
    });

    it('answers 422 with the per-value results when every value was refused', async () => {
      const reports = await reportCount();
      const { status, body } = await postValues({
        agencyCode: 'STTTT',
        values: [
          { indicatorCode: 'NO_SUCH', orgUnitCode: '815', period: '2023S2', value: 1 },
          { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2023S2' },
        ],
      });
      expect(status).toBe(422);
      expect(body).toMatchObject({
        statusCode: 422,
        error: 'NO_VALUES_ACCEPTED',
        accepted: 0,
        duplicates: 0,
        rejected: 2,
      });
      expect(body.results[1].reason).toMatch(/exactly one of: "value", or "numerator" and "denominator"/);
      expect(await reportCount()).toBe(reports);
    });

    it('refuses the request as a whole: more than 5,000 values, an unknown agency, a malformed body', async () => {
      // Empty rows keep 5,001 values under any body-size limit, so it is the row limit that answers.
      const tooMany = await postValues({ agencyCode: 'STTTT', values: Array.from({ length: 5001 }, () => ({})) });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.message).toEqual([
        'values holds 5001 rows; at most 5000 are accepted per request: split the batch',
      ]);

      const value = { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2023S2', value: 1 };
      // The agency is the token's; naming another one in the body is refused by rule.
      const other = await postValues({ agencyCode: 'SXYZ', values: [value] });
      expect(other.status).toBe(403);
      expect(other.body).toMatchObject({ error: 'FORBIDDEN', rule: 'agency-matches-token' });

      expect((await postValues({ values: [] })).status).toBe(400);
      expect((await postValues({ agencyCode: 'STTTT', values: [] })).status).toBe(400);
      const extra = await postValues({ agencyCode: 'STTTT', values: [value], dryRun: true });
      expect(extra.status).toBe(400);
      expect(extra.body.message).toContain('property dryRun should not exist');
      expect(await aggregate('BTS_COUNT', '815', '2023-12-31', '2023S2')).toBeUndefined();
    });
  });

  describe('GET /v1/indicator-values/template.xlsx', () => {
    it('downloads the template with the catalogue in Vietnamese, diacritics intact', async () => {
      const res = await fetch(`${service.url}/v1/indicator-values/template.xlsx`, { headers: AUTH });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(XLSX);
      expect(res.headers.get('content-disposition')).toBe(
        'attachment; filename="dxhub-indicator-values-template.xlsx"',
      );
      const workbook = await loadXlsx(await res.arrayBuffer());

      expect(workbook.worksheets.map((s) => s.name)).toEqual([
        'Số liệu - Values',
        'Chỉ tiêu - Indicators',
        'Kỳ báo cáo - Periods',
      ]);
      expect(workbook.worksheets[0].getRow(1).getCell(1).text).toBe('Mã chỉ tiêu / Indicator code');
      const catalogue = workbook.worksheets[1];
      const byCode = new Map<string, string[]>();
      catalogue.eachRow((row, n) => {
        if (n > 1)
          byCode.set(
            row.getCell(1).text,
            (row.values as CellValue[]).slice(1).map((v) => String(v ?? '')),
          );
      });
      expect(byCode.size).toBeGreaterThanOrEqual(28);
      expect(byCode.get('BTS_COUNT')?.slice(0, 6)).toEqual([
        'BTS_COUNT',
        'Số trạm thu phát sóng thông tin di động (BTS)',
        expect.any(String),
        'count',
        'SUM',
        '6 tháng / Six-monthly (SIX_MONTHLY)',
      ]);
      const fibre = byCode.get('FIBRE_HH') ?? [];
      expect(fibre[1]).toBe('Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang');
      expect(fibre[7]).toBe('Số hộ gia đình có thuê bao Internet băng rộng cáp quang');
      expect(fibre[9]).toBe('Tổng số hộ gia đình');
      expect(workbook.worksheets[2].getRow(3).getCell(3).text).toBe('2024S1, 2024S2');
    });
  });

  describe('POST /v1/indicator-values/upload', () => {
    it('applies a filled template row by row, reports each row, and counts the same file once', async () => {
      const file = await filledTemplate([
        ['BTS_COUNT', '821', '2023S1', 11, null, null, null, 'Cái Bè'],
        ['FIBRE_HH', '821', '2023S1', null, 10, 20],
        ['BTS_COUNT', '822', '2023S1', 'mười'],
        [null, '822', '2023S1', 3],
        ['NO_SUCH', '822', '2023S1', 3],
        ['BTS_COUNT', '822', '2023S1', 9, null, null, 'tg-822-2023S1'],
      ]);
      const res = await upload(file);
      expect(res.status).toBe(200);
      const report = (await res.json()) as UploadReport;
      expect(report).toMatchObject({
        sheet: 'Số liệu - Values',
        ignoredColumns: [],
        accepted: 3,
        duplicates: 0,
        rejected: 3,
      });
      expect(report.rows.map((r) => [r.row, r.status, r.reason])).toEqual([
        [2, 'accepted', undefined],
        [3, 'accepted', undefined],
        [
          4,
          'rejected',
          'row 4, column D (Giá trị / Value): “mười” is text, not a number: enter a number (without thousands separators) in a number cell',
        ],
        [5, 'rejected', 'row 5, column A (Mã chỉ tiêu / Indicator code) is empty'],
        [6, 'rejected', "unknown indicator 'NO_SUCH'"],
        [7, 'accepted', undefined],
      ]);
      expect(report.rows[0].id).toMatch(/^xlsx:[0-9a-f]{64}:2$/);
      expect(report.rows[5].id).toBe('tg-822-2023S1');

      const province = await aggregate('BTS_COUNT', '82', '2023-06-30', '2023S1');
      expect(province).toMatchObject({ sum: 20, count: 2 });
      expect(await aggregate('FIBRE_HH', '821', '2023-06-30', '2023S1')).toMatchObject({ num: 10, den: 20 });
      const [{ topics }] = await db.query(
        `SELECT array_agg(DISTINCT topic) AS topics FROM indicator_reports WHERE period = '2023S1'`,
      );
      expect(topics).toEqual(['xlsx']);

      // The same file again: every row it applied is a duplicate, nothing moves.
      const reports = await reportCount();
      const again = (await (await upload(file)).json()) as UploadReport;
      expect(again).toMatchObject({ accepted: 0, duplicates: 3, rejected: 3 });
      expect(await aggregate('BTS_COUNT', '82', '2023-06-30', '2023S1')).toEqual(province);
      expect(await reportCount()).toBe(reports);

      // The report as a workbook: the uploaded sheet with a status and a reason beside each row.
      const annotated = await upload(file, { query: '?format=xlsx' });
      expect(annotated.status).toBe(200);
      expect(annotated.headers.get('content-type')).toBe(XLSX);
      expect(annotated.headers.get('x-dx-duplicates')).toBe('3');
      const sheet = (await loadXlsx(await annotated.arrayBuffer())).worksheets[0];
      expect([sheet.getRow(1).getCell(9).text, sheet.getRow(1).getCell(10).text]).toEqual([
        'Kết quả / Status',
        'Lý do / Reason',
      ]);
      expect(sheet.getRow(2).getCell(9).text).toBe('Đã nhận trước đó / duplicate');
      expect(sheet.getRow(5).getCell(9).text).toBe('Bị từ chối / rejected');
      expect(sheet.getRow(5).getCell(10).text).toBe('row 5, column A (Mã chỉ tiêu / Indicator code) is empty');
      expect(sheet.getRow(2).getCell(8).text).toBe('Cái Bè');
    });

    it('answers 422 when no row of the file was accepted', async () => {
      const res = await upload(await filledTemplate([['NO_SUCH', '815', '2023S1', 1]]));
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({
        error: 'NO_VALUES_ACCEPTED',
        accepted: 0,
        rejected: 1,
        rows: [{ row: 2, status: 'rejected' }],
      });
    });

    it('takes 5,000 rows and refuses 5,001 naming the limit', async () => {
      const communes: { code: string }[] = await db.query(
        `SELECT code FROM org_units WHERE level = 3 AND validity @> '2022-12-31'::date ORDER BY code`,
      );
      const rows = (n: number) =>
        Array.from({ length: n }, (_, i): CellValue[] => [
          'BTS_COUNT',
          communes[i % communes.length].code,
          `${2021 + (Math.floor(i / communes.length) % 2)}S${1 + (Math.floor(i / communes.length / 2) % 2)}`,
          1,
        ]);
      const full = await upload(await filledTemplate(rows(5000)));
      expect(full.status).toBe(200);
      expect(await full.json()).toMatchObject({ accepted: 5000, rejected: 0 });

      const over = await upload(await filledTemplate(rows(5001)));
      expect(over.status).toBe(400);
      expect(await over.json()).toMatchObject({ error: 'TOO_MANY_ROWS', details: { rows: 5001, limit: 5000 } });
    });

    it('refuses what is not an .xlsx, and a file or agency that is missing or unknown, with a reason', async () => {
      const csv = Buffer.from('indicatorCode,orgUnitCode,period,value\nBTS_COUNT,815,2023S1,1\n');
      const asCsv = await upload(csv, { type: 'text/csv', name: 'values.csv' });
      expect(asCsv.status).toBe(400);
      expect(await asCsv.json()).toMatchObject({
        error: 'NOT_AN_XLSX_WORKBOOK',
        message: expect.stringContaining("'values.csv' was sent as text/csv"),
      });

      // Named and typed as a workbook, but the bytes say otherwise.
      const disguised = await upload(csv, { name: 'values.xlsx' });
      expect(disguised.status).toBe(400);
      expect(await disguised.json()).toMatchObject({
        error: 'NOT_AN_XLSX_WORKBOOK',
        message: expect.stringContaining('not an .xlsx workbook'),
      });

      const good = await filledTemplate([['BTS_COUNT', '815', '2023S1', 1]]);
      const otherAgency = await upload(good, { agencyCode: 'SXYZ' });
      expect(otherAgency.status).toBe(403);
      expect(await otherAgency.json()).toMatchObject({ error: 'FORBIDDEN', rule: 'agency-matches-token' });

      const noFile = new FormData();
      noFile.append('agencyCode', 'STTTT');
      const missing = await fetch(`${service.url}/v1/indicator-values/upload`, {
        method: 'POST',
        body: noFile,
        headers: AUTH,
      });
      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ error: 'FILE_REQUIRED' });

      const tooLarge = await upload(Buffer.concat([good, Buffer.alloc(5 * 1024 * 1024)]));
      expect(tooLarge.status).toBe(413);
      expect(await aggregate('BTS_COUNT', '815', '2023-06-30', '2023S1')).toBeUndefined();
    });
  });
});
