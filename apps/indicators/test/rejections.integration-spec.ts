import {
  AgencyProducer,
  type AgencyMessage,
  agencyReportHeaders,
  bearer,
  readTopicUntil,
  waitFor,
} from '@dxhub/testing';
import { pruneRejectionLog, type RejectionsPage as Page } from '@dxhub/messaging';
import { Workbook } from 'exceljs';
import { DataSource } from 'typeorm';
import { type RunningIndicators, startIndicators, storedAggregate } from './indicators-app';

const STTTT_REPORTER = bearer({ agency: 'STTTT', roles: ['reporter'] });
const STC_REPORTER = bearer({ agency: 'STC', roles: ['reporter'] });
const PROGRAMME_OFFICE = bearer({ agency: 'VPUBND', roles: ['programme-office'] });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TOPIC = 'dx.agency.STTTT.indicator-values';

/*
 * An agency hears why its events were refused: what the pipeline dead-letters from its topic and what the REST
 * and Excel intake refuse, listed by GET /v1/rejections for that agency only, and summed up per batch on
 * dx.rejections.events for its reporters. Real broker and database.
 */
describe('GET /v1/rejections on indicators (Kafka + REST + xlsx, PostgreSQL)', () => {
  let service: RunningIndicators;
  let producer: AgencyProducer;
  let db: DataSource;

  const rejections = async (query: string, auth = STTTT_REPORTER): Promise<{ status: number; body: Page }> => {
    const res = await fetch(`${service.url}/v1/rejections${query}`, { headers: auth });
    return { status: res.status, body: (await res.json()) as Page };
  };
  const summaries = async (count: number): Promise<Record<string, unknown>[]> =>
    (
      await readTopicUntil(`${service.topicPrefix}dx.rejections.events`, (records) => records.length >= count, 30000)
    ).map((r) => ({ type: r.headers.ce_type, ...(JSON.parse(String(r.value)) as Record<string, unknown>) }));

  const message = (id: string, body: string, headers: Record<string, string> = {}): AgencyMessage => ({
    key: 'BTS_COUNT',
    value: body,
    headers: { ...agencyReportHeaders('STTTT', id), ...headers },
  });
  const report = (value: unknown, indicatorCode = 'BTS_COUNT') =>
    JSON.stringify({ indicatorCode, orgUnitCode: '28249', period: '2024S2', value });

  beforeAll(async () => {
    service = await startIndicators('rejections');
    db = service.app.get(DataSource);
    producer = await AgencyProducer.connect('test-rejections');
    // One send: one record batch, so the pipeline takes the five records together.
    await producer.send(`${service.topicPrefix}${TOPIC}`, [
      message('rj-ok', report(5)),
      message('rj-bad-json', '{"indicatorCode": "BTS_COUNT", '),
      message('rj-future', report(6), { ce_time: '9999-01-01T00:00:00Z' }),
      message('rj-forged', report(7), { ce_source: '/agencies/STC' }),
      message('rj-unknown', report(8, 'NO_SUCH')),
    ]);
    await waitFor(
      async () => ((await rejections('')).body.items.length === 4 ? true : undefined),
      60000,
      'the four refusals of the batch to be listed',
    );
  });

  afterAll(async () => {
    await producer?.close();
    await service?.close();
  });

  it('lists exactly the invalid events for the agency that sent them, with where they were and why', async () => {
    const { status, body } = await rejections('');
    expect(status).toBe(200);
    expect(body.nextCursor).toBeNull();
    const byId = new Map(body.items.map((r) => [r.eventId, r]));
    expect([...byId.keys()].sort()).toEqual(['rj-bad-json', 'rj-forged', 'rj-future', 'rj-unknown']);
    expect(Object.fromEntries(body.items.map((r) => [r.eventId, r.reasonCode]))).toEqual({
      'rj-bad-json': 'body-not-json',
      'rj-future': 'time-in-future',
      'rj-forged': 'source-mismatch',
      'rj-unknown': 'refused',
    });
    // Offsets 1–4 of the topic's one partition (0 is the valid event).
    expect(body.items.map((r) => [r.eventId, r.offset])).toEqual([
      ['rj-unknown', '4'],
      ['rj-forged', '3'],
      ['rj-future', '2'],
      ['rj-bad-json', '1'],
    ]);
    for (const r of body.items) {
      expect(r).toMatchObject({ channel: 'kafka', topic: TOPIC, partition: 0 });
      expect(r.reason.length).toBeGreaterThan(10);
    }
    expect(byId.get('rj-forged')?.reason).toContain('/agencies/STC');
    expect(byId.get('rj-unknown')?.reason).toContain('NO_SUCH');
    // The valid event of the same batch was applied.
    expect(await storedAggregate(db, 'BTS_COUNT', '815', '2024-12-31', '2024S2')).toMatchObject({ sum: 5, count: 1 });
  });

  it('shows another agency none of them; the programme office names the agency, a reporter may not', async () => {
    expect((await rejections('', STC_REPORTER)).body).toEqual({ items: [], nextCursor: null });
    const denied = await fetch(`${service.url}/v1/rejections?agency=STTTT`, { headers: STC_REPORTER });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ rule: 'agency-matches-token' });
    expect((await rejections('', PROGRAMME_OFFICE)).body.items).toEqual([]);
    expect((await rejections('?agency=STTTT', PROGRAMME_OFFICE)).body.items).toHaveLength(4);
  });

  it('filters by reason and time, and pages by cursor without losing or repeating one', async () => {
    const future = (await rejections('?reasonCode=time-in-future')).body.items;
    expect(future.map((r) => r.eventId)).toEqual(['rj-future']);
    const at = future[0].rejectedAt;
    const enc = encodeURIComponent;
    expect((await rejections(`?from=${enc(at)}&to=${enc(at)}`)).body.items).toHaveLength(4);
    const later = new Date(Date.parse(at) + 1).toISOString();
    expect((await rejections(`?from=${enc(later)}`)).body.items).toEqual([]);
    expect((await rejections(`?to=${enc(new Date(Date.parse(at) - 1).toISOString())}`)).body.items).toEqual([]);

    const all = (await rejections('')).body.items.map((r) => r.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = (await rejections(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body;
      paged.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(paged).toEqual(all);
  });

  it('answers 400 with the reason for a query it cannot read', async () => {
    const cases: [string, string, unknown][] = [
      [
        '?from=2026-11-01',
        'message',
        ["from must be an RFC 3339 time with its offset, such as 2026-11-27T08:00:00+07:00, got '2026-11-01'"],
      ],
      ['?limit=501', 'message', ['limit must not be greater than 500']],
      ['?cursor=bm9wZQ', 'error', 'INVALID_CURSOR'],
      ['?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'error', 'INVALID_TIME_RANGE'],
    ];
    for (const [query, field, expected] of cases) {
      const res = await fetch(`${service.url}/v1/rejections${query}`, { headers: STTTT_REPORTER });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(((await res.json()) as Record<string, unknown>)[field]).toEqual(expected);
    }
    expect((await rejections('?reasonCode=bad-json')).status).toBe(400);
  });

  it('lists REST and spreadsheet refusals beside them, with their channel and no place in a log', async () => {
    const rest = await fetch(`${service.url}/v1/indicator-values`, {
      method: 'POST',
      headers: { ...STTTT_REPORTER, 'content-type': 'application/json' },
      body: JSON.stringify({
        values: [
          { id: 'rj-rest-unknown', indicatorCode: 'NO_SUCH', orgUnitCode: '28249', period: '2024S2', value: 1 },
          { id: 'rj-rest-text', indicatorCode: 'BTS_COUNT', orgUnitCode: '28249', period: '2024S2', value: 'mười' },
        ],
      }),
    });
    expect(rest.status).toBe(422);
    const listed = (await rejections('?limit=2')).body.items;
    expect(listed.map((r) => [r.eventId, r.channel, r.reasonCode, r.topic, r.partition, r.offset])).toEqual([
      ['rj-rest-unknown', 'rest', 'refused', null, null, null],
      ['rj-rest-text', 'rest', 'payload-invalid', null, null, null],
    ]);

    const template = new Workbook();
    const res = await fetch(`${service.url}/v1/indicator-values/template.xlsx`, { headers: STTTT_REPORTER });
    await template.xlsx.load((await res.arrayBuffer()) as unknown as Parameters<Workbook['xlsx']['load']>[0]);
    template.worksheets[0].getRow(2).values = [null, '28249', '2024S2', 3];
    const form = new FormData();
    const bytes = Buffer.from((await template.xlsx.writeBuffer()) as unknown as Uint8Array);
    form.append('file', new Blob([bytes], { type: XLSX }), 'bao-cao.xlsx');
    const upload = await fetch(`${service.url}/v1/indicator-values/upload`, {
      method: 'POST',
      body: form,
      headers: STTTT_REPORTER,
    });
    expect(upload.status).toBe(422);
    const [sheetRow] = (await rejections('?limit=1')).body.items;
    expect(sheetRow).toMatchObject({ channel: 'xlsx', reasonCode: 'payload-invalid', topic: null, offset: null });
    expect(sheetRow.eventId).toMatch(/^xlsx:[0-9a-f]{64}:2$/);
    expect(sheetRow.reason).toMatch(/row 2, column A/);
    expect((await rejections('', STC_REPORTER)).body.items).toEqual([]);
  });

  it('tells the agency once per batch or request, not once per event', async () => {
    const events = await summaries(3);
    expect(events).toHaveLength(3);
    expect(events.map((e) => [e.type, e.agency, e.service, e.channel, e.topic, e.count])).toEqual([
      ['dx.agency-events.rejected', 'STTTT', 'indicators', 'kafka', TOPIC, 4],
      ['dx.agency-events.rejected', 'STTTT', 'indicators', 'rest', undefined, 2],
      ['dx.agency-events.rejected', 'STTTT', 'indicators', 'xlsx', undefined, 1],
    ]);
    expect(events[0].reasons).toEqual([
      { code: 'body-not-json', count: 1 },
      { code: 'refused', count: 1 },
      { code: 'source-mismatch', count: 1 },
      { code: 'time-in-future', count: 1 },
    ]);
    expect(events[0].sampleEventIds).toEqual(['rj-bad-json', 'rj-future', 'rj-forged', 'rj-unknown']);
  });

  it('keeps refusals for REJECTION_LOG_RETENTION_DAYS: older ones are pruned, the rest stay listed', async () => {
    const before = (await rejections('?limit=500')).body.items.length;
    await db.query(
      `INSERT INTO rejected_events (channel, agency, event_id, reason_code, reason, rejected_at)
       VALUES ('rest', 'STTTT', 'rj-old', 'refused', 'an old refusal', now() - interval '100 days'),
              ('rest', 'STTTT', 'rj-recent', 'refused', 'a recent refusal', now() - interval '10 days')`,
    );
    expect(await pruneRejectionLog(db, 90)).toBe(1);
    const ids = (await rejections('?limit=500')).body.items.map((r) => r.eventId);
    expect(ids).toHaveLength(before + 1);
    expect(ids).toContain('rj-recent');
    expect(ids).not.toContain('rj-old');
  });
});
