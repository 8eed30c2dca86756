import { bearer, type ConsumedRecord, deleteTopicsWithPrefix, readTopicUntil } from '@dxhub/testing';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { type RunningIndicators, startIndicators, storedAggregate } from './indicators-app';

const ROOT = join(__dirname, '../../..');
const REPORTER = bearer({ agency: 'STTTT', roles: ['reporter'], sub: 'reporter-sttt' });
// BTS_COUNT is approved by the programme office: STTTT's, which passed to SKHCN in 2025.
const APPROVER = bearer({ agency: 'SKHCN', roles: ['approver'], sub: 'approver-skhcn' });
const ORG_UNITS_2025_03 = 'org-units/org-units-tien-giang-2025-03.csv';

/*
 * A seeds change re-parents a commune (Phường 5, 28249, from Mỹ Tho 815 to Gò Công 816) on a restart over
 * the same database and topics: the values it reported now count under its new district, its approved value
 * goes back to pending saying which unit moved where, and the approved-only figures of the district it left
 * say it is gone — the real broker and PostgreSQL, two starts of the service.
 */
describe('a unit re-mapped by a seeds change (Kafka + PostgreSQL, restart)', () => {
  let seedsDir: string;
  let first: RunningIndicators;
  let second: RunningIndicators | undefined;

  beforeAll(() => {
    seedsDir = mkdtempSync(join(tmpdir(), 'dxhub-seeds-'));
    cpSync(join(ROOT, 'seeds'), seedsDir, { recursive: true });
  });

  afterAll(async () => {
    await second?.close();
    await first?.database.drop();
    if (first) await deleteTopicsWithPrefix(first.topicPrefix);
    rmSync(seedsDir, { recursive: true, force: true });
  });

  async function call(
    service: RunningIndicators,
    method: string,
    path: string,
    auth: Record<string, string>,
    body?: unknown,
  ) {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  const eventsOf = (records: ConsumedRecord[], type: string) =>
    records
      .filter((r) => r.headers.ce_type === type)
      .map((r) => JSON.parse(String(r.value)) as Record<string, unknown>);

  it('recomputes the figures over the new hierarchy, reopens the approval saying why, and withdraws the approved figure', async () => {
    first = await startIndicators('remap', { SEEDS_DIR: seedsDir });
    const value = (orgUnitCode: string, v: number) => ({
      indicatorCode: 'BTS_COUNT',
      orgUnitCode,
      period: '2024S2',
      value: v,
      id: `remap-${orgUnitCode}`,
      reportedAt: '2025-01-05T08:00:00Z',
    });
    const reported = await call(first, 'POST', '/v1/indicator-values', REPORTER, {
      values: [value('28249', 7), value('28252', 3), value('816', 40)],
    });
    expect(reported.status).toBe(200);
    const pending = await call(
      first,
      'GET',
      '/v1/indicator-values/approvals?status=pending&indicator=BTS_COUNT&period=2024S2',
      APPROVER,
    );
    const cell = (pending.body.data as { orgUnitCode: string; reportId: string }[]).find(
      (c) => c.orgUnitCode === '28249',
    );
    expect(cell).toBeDefined();
    const approved = await call(first, 'POST', '/v1/indicator-values/approvals/approve', APPROVER, {
      cells: [{ indicatorCode: 'BTS_COUNT', orgUnitCode: '28249', period: '2024S2', reportId: cell?.reportId }],
    });
    expect(approved.status).toBe(200);
    const db1 = first.app.get(DataSource);
    expect(await storedAggregate(db1, 'BTS_COUNT', '815', '2024-12-31', '2024S2')).toMatchObject({ sum: 10 });
    expect(await storedAggregate(db1, 'BTS_COUNT', '816', '2024-12-31', '2024S2')).toMatchObject({ sum: 40 });
    await first.app.close(); // stopped, its database and topics kept for the restart

    // The files now put Phường 5 under Gò Công (816).
    const file = join(seedsDir, ORG_UNITS_2025_03);
    const before = readFileSync(file, 'utf8');
    const after = before.replace('28249,Phường 5,ward,815,', '28249,Phường 5,ward,816,');
    expect(after).not.toBe(before);
    writeFileSync(file, after);

    second = await startIndicators('remap', { SEEDS_DIR: seedsDir }, first);
    const db = second.app.get(DataSource);
    // All-values aggregates over the new tree, for the half-year and the year (BTS_COUNT: LAST over time).
    expect(await storedAggregate(db, 'BTS_COUNT', '815', '2024-12-31', '2024S2')).toMatchObject({ sum: 3, count: 1 });
    expect(await storedAggregate(db, 'BTS_COUNT', '816', '2024-12-31', '2024S2')).toMatchObject({ sum: 47, count: 2 });
    expect(await storedAggregate(db, 'BTS_COUNT', '816', '2024-12-31', '2024')).toMatchObject({ sum: 47 });
    expect(await storedAggregate(db, 'BTS_COUNT', '82', '2024-12-31', '2024S2')).toMatchObject({ sum: 50 });
    const [moved] = await db.query(
      `SELECT v.approval_status AS status, v.approval_reason AS reason FROM indicator_values v JOIN org_units o ON o.id = v.org_unit_id
       WHERE v.indicator_code = 'BTS_COUNT' AND o.code = '28249' AND v.period = '2024S2'`,
    );
    expect(moved).toEqual({
      status: 'pending',
      reason: 'org unit 28249 moved in the hierarchy of 2024-12-31: under 82 › 815 before, under 82 › 816 now (seeds)',
    });
    expect(await db.query(`SELECT count(*)::int AS n FROM pending_hierarchy_changes`)).toEqual([{ n: 0 }]);

    const records = await readTopicUntil(
      `${second.topicPrefix}dx.indicators.events`,
      (rs) => eventsOf(rs, 'dx.indicator-value.reopened').length > 0,
      45000,
    );
    expect(eventsOf(records, 'dx.indicator-value.reopened')).toEqual([
      expect.objectContaining({ orgUnitCode: '28249', cause: 're-mapped-unit', agency: 'SKHCN', reason: moved.reason }),
    ]);
    // Phường 5's, Mỹ Tho's and the province's approved-only figures (half-year and year) had its 7; nothing
    // approved is left in them. Gò Công never had an approved figure, and gets none.
    const withdrawn = await readTopicUntil(
      `${second.topicPrefix}dx.indicators.events`,
      (rs) => eventsOf(rs, 'dx.indicator-aggregate.approved').filter((e) => e.value === null).length >= 6,
      45000,
    );
    const approvedFigures = eventsOf(withdrawn, 'dx.indicator-aggregate.approved');
    const unitsWith = (period: string, v: number | null) =>
      approvedFigures
        .filter((e) => e.period === period && e.value === v)
        .map((e) => e.orgUnitCode)
        .sort();
    for (const period of ['2024S2', '2024']) {
      expect(unitsWith(period, 7)).toEqual(['28249', '815', '82']);
      expect(unitsWith(period, null)).toEqual(['28249', '815', '82']);
    }
    expect(approvedFigures.some((e) => e.orgUnitCode === '816')).toBe(false);

    // A restart with the same files moves nothing more.
    await second.close();
    second = await startIndicators('remap', { SEEDS_DIR: seedsDir }, first);
    const again = second.app.get(DataSource);
    expect(await again.query(`SELECT count(*)::int AS n FROM pending_hierarchy_changes`)).toEqual([{ n: 0 }]);
    expect(await storedAggregate(again, 'BTS_COUNT', '816', '2024-12-31', '2024S2')).toMatchObject({ sum: 47 });
  });
});
