import { AgencyProducer, agencyReportHeaders, bearer, waitFor } from '@dxhub/testing';
import { recordAuditBatches } from '@dxhub/audit';
import { DataSource } from 'typeorm';
import { type RunningIndicators, startIndicators } from '../indicators-app';

/*
 * The audit log: every accepted write, REST or agency event, recorded with who, which agency, what, when,
 * the request or event id and where it came from; readable only by the programme office; append-only even
 * for the service's own database role.
 */
describe('security: the audit log (indicators)', () => {
  let service: RunningIndicators;
  let db: DataSource;
  const office = bearer({ agency: 'STTTT', roles: ['programme-office'], sub: 'office-1' });

  interface Entry {
    id: string;
    at: string;
    actor: string;
    agency: string | null;
    action: string;
    resource: string;
    requestId: string;
    source: string;
    details: Record<string, unknown> | null;
  }
  const audit = async (
    query: string,
  ): Promise<{ status: number; body: { data: Entry[]; nextCursor: string | null } }> => {
    const res = await fetch(`${service.url}/v1/audit${query}`, { headers: office });
    return { status: res.status, body: (await res.json()) as { data: Entry[]; nextCursor: string | null } };
  };
  const report = (sub: string, requestId: string, values: unknown[]) =>
    fetch(`${service.url}/v1/indicator-values`, {
      method: 'POST',
      headers: {
        ...bearer({ agency: 'STTTT', roles: ['reporter'], sub }),
        'content-type': 'application/json',
        'x-request-id': requestId,
      },
      body: JSON.stringify({ values }),
    });

  beforeAll(async () => {
    service = await startIndicators('audit');
    db = service.app.get(DataSource);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('records an accepted REST write with who, agency, what, request id and source address; not a refused one', async () => {
    const ok = await report('reporter-7', 'req-accepted-1', [
      { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024S2', value: 4 },
    ]);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('req-accepted-1');
    const refused = await report('reporter-7', 'req-refused-1', [
      { indicatorCode: 'NO_SUCH', orgUnitCode: '815', period: '2024S2', value: 4 },
    ]);
    expect(refused.status).toBe(422);

    const { status, body } = await audit('?actor=reporter-7');
    expect(status).toBe(200);
    expect(body.data).toEqual([
      expect.objectContaining({
        actor: 'reporter-7',
        agency: 'STTTT',
        action: 'POST /v1/indicator-values',
        resource: '/v1/indicator-values',
        requestId: 'req-accepted-1',
        source: expect.stringMatching(/127\.0\.0\.1/),
        details: expect.objectContaining({ status: 200, accepted: 1 }),
      }),
    ]);
    expect(Date.now() - Date.parse(body.data[0].at)).toBeLessThan(60000);
  });

  it('records accepted agency events in the batch transaction, one row per topic, each event an entry with its id, cell and kafka:<topic>', async () => {
    const topic = `${service.topicPrefix}dx.agency.STTTT.indicator-values`;
    const bts = (orgUnitCode: string, id: string) => ({
      key: 'BTS_COUNT',
      value: JSON.stringify({ indicatorCode: 'BTS_COUNT', orgUnitCode, period: '2024S2', value: 9 }),
      headers: agencyReportHeaders('STTTT', id),
    });
    const producer = await AgencyProducer.connect('audit-agency');
    try {
      // The second audit-evt-1 is a duplicate: applied once, so audited once.
      await producer.send(topic, [
        bts('816', 'audit-evt-1'),
        bts('816', 'audit-evt-1'),
        bts('815', 'audit-evt-2'),
        bts('817', 'audit-evt-3'),
      ]);
    } finally {
      await producer.close();
    }
    const entries = await waitFor(
      async () => {
        const { body } = await audit('?agency=STTTT&action=indicator-value.reported');
        return body.data.length >= 3 ? body.data : undefined;
      },
      30000,
      'the audited events',
    );
    const unitId = async (code: string) =>
      Number(
        (await db.query(`SELECT id FROM org_units WHERE code = $1 AND validity @> '2024-12-31'::date`, [code]))[0].id,
      );
    expect(entries.map((e) => e.requestId).sort()).toEqual(['audit-evt-1', 'audit-evt-2', 'audit-evt-3']);
    for (const [requestId, unit] of [
      ['audit-evt-1', '816'],
      ['audit-evt-2', '815'],
      ['audit-evt-3', '817'],
    ]) {
      expect(entries.find((e) => e.requestId === requestId)).toEqual(
        expect.objectContaining({
          actor: 'kafka:STTTT',
          agency: 'STTTT',
          action: 'indicator-value.reported',
          source: 'kafka:dx.agency.STTTT.indicator-values',
          resource: `indicator-values/BTS_COUNT/org-unit-id:${await unitId(unit)}/2024S2`,
        }),
      );
    }
    // Stored per batch: the rows hold the three events between them, and no more rows than batches.
    const [rows] = await db.query(
      `SELECT count(*)::int AS rows, sum(jsonb_array_length(details->'batch'))::int AS items
       FROM audit_log WHERE action = 'indicator-value.reported'`,
    );
    expect(rows.items).toBe(3);
    expect(rows.rows).toBeLessThanOrEqual(3);
  });

  it("lists a batch row's items one entry each, paged by keyset through the row", async () => {
    await recordAuditBatches(db, [
      {
        actor: 'kafka:SYT',
        agency: 'SYT',
        action: 'indicator-value.reported',
        source: 'kafka:dx.agency.SYT.indicator-values',
        items: ['a', 'b', 'c'].map((id) => ({ requestId: `batch-evt-${id}`, resource: `indicator-values/${id}` })),
      },
    ]);
    const first = await audit('?actor=kafka:SYT&limit=2');
    expect(first.body.data.map((e) => [e.requestId, e.resource, e.details])).toEqual([
      ['batch-evt-c', 'indicator-values/c', null],
      ['batch-evt-b', 'indicator-values/b', null],
    ]);
    expect(first.body.data[0].id).toMatch(/^\d+\.3$/);
    expect(first.body.nextCursor).toBe(first.body.data[1].id);
    const second = await audit(`?actor=kafka:SYT&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((e) => e.requestId)).toEqual(['batch-evt-a']);
    expect(second.body.nextCursor).toBeNull();
    expect((await audit('?cursor=1.x')).status).toBe(400);
  });

  it('filters by time and pages by keyset', async () => {
    for (let i = 0; i < 3; i++)
      expect(
        (
          await report('pager', `req-page-${i}`, [
            { indicatorCode: 'BTS_COUNT', orgUnitCode: '817', period: '2024S2', value: i },
          ])
        ).status,
      ).toBe(200);
    const first = await audit('?actor=pager&limit=2');
    expect(first.body.data.map((e) => e.requestId)).toEqual(['req-page-2', 'req-page-1']);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await audit(`?actor=pager&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((e) => e.requestId)).toEqual(['req-page-0']);
    expect(second.body.nextCursor).toBeNull();
    expect((await audit('?actor=pager&from=2099-01-01T00:00:00Z')).body.data).toEqual([]);
    expect((await audit('?actor=pager&to=2000-01-01T00:00:00Z')).body.data).toEqual([]);
    expect((await audit('?limit=501')).status).toBe(400);
    expect((await audit('?actor=pager&extra=1')).status).toBe(400);
  });

  it('commits a change and its audit row together: when the row cannot be written, the change is not made', async () => {
    // The fault, met by this request alone: the audit row of request id req-crash-1 cannot be stored.
    await db.query(`
      CREATE FUNCTION refuse_crash_request() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.request_id = 'req-crash-1' THEN RAISE EXCEPTION 'the audit storage failed'; END IF;
        RETURN NEW;
      END $$`);
    await db.query(
      `CREATE TRIGGER audit_log_crash BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_crash_request()`,
    );
    const stored = async () =>
      Number(
        (
          await db.query(
            `SELECT count(*) AS n FROM indicator_values v JOIN org_units o ON o.id = v.org_unit_id WHERE o.code = '818'`,
          )
        )[0].n,
      );
    const before = await stored();
    try {
      const crashed = await report('reporter-9', 'req-crash-1', [
        { indicatorCode: 'BTS_COUNT', orgUnitCode: '818', period: '2024S2', value: 6 },
      ]);
      expect(crashed.status).toBe(500);
      expect(await stored()).toBe(before);
      expect((await audit('?actor=reporter-9')).body.data).toEqual([]);
    } finally {
      await db.query(`DROP TRIGGER audit_log_crash ON audit_log`);
      await db.query(`DROP FUNCTION refuse_crash_request()`);
    }
    // The same report again, now that its row can be written: stored and audited, once.
    const retried = await report('reporter-9', 'req-crash-2', [
      { indicatorCode: 'BTS_COUNT', orgUnitCode: '818', period: '2024S2', value: 6 },
    ]);
    expect(retried.status).toBe(200);
    expect(await stored()).toBe(before + 1);
    expect((await audit('?actor=reporter-9')).body.data).toEqual([
      expect.objectContaining({ requestId: 'req-crash-2', details: expect.objectContaining({ accepted: 1 }) }),
    ]);
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE are refused even to the service role', async () => {
    await expect(db.query(`UPDATE audit_log SET actor = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    expect(Number((await db.query(`SELECT count(*) AS n FROM audit_log`))[0].n)).toBeGreaterThan(0);
  });

  it('is readable by the programme office and admins only', async () => {
    for (const roles of [['reporter'], ['viewer'], ['approver']]) {
      const res = await fetch(`${service.url}/v1/audit`, { headers: bearer({ agency: 'STTTT', roles }) });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ rule: 'role-required' });
    }
    expect(
      (await fetch(`${service.url}/v1/audit`, { headers: bearer({ agency: 'STTTT', roles: ['admin'] }) })).status,
    ).toBe(200);
  });
});
