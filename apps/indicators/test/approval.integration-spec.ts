import { AgencyProducer, type AgencyMessage, agencyReportHeaders, bearer, readTopic, waitFor } from '@dxhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type RunningIndicators, startIndicators } from './indicators-app';

/** SKHCN holds the programme office's role since 2025-03-01 (STTTT merged into it): it approves BTS_COUNT. */
const REPORTER = bearer({ agency: 'SKHCN', roles: ['reporter'], sub: 'reporter-skhcn' });
const APPROVER = bearer({ agency: 'SKHCN', roles: ['approver'], sub: 'approver-skhcn' });
const OTHER_APPROVER = bearer({ agency: 'SYT', roles: ['approver'], sub: 'approver-syt' });
const OFFICE = bearer({ agency: 'SKHCN', roles: ['programme-office'], sub: 'office-skhcn' });

interface Cell {
  indicatorCode: string;
  orgUnitCode: string;
  period: string;
  value: string | null;
  reportId: string;
  reportingAgency: string;
  approvalStatus: string;
  approvalReason: string | null;
  approvalChangedBy: string | null;
}

interface Event {
  type: string;
  data: Record<string, unknown>;
}

/*
 * Data approval and period locking over the real broker and database: values reported through Kafka wait
 * for their approving agency, are returned with a reason and re-approved, go back to pending when their
 * inputs change, and reports into a closed period wait for the programme office to re-open it.
 */
describe('data approval and period locking (Kafka + PostgreSQL)', () => {
  let service: RunningIndicators;
  let producer: AgencyProducer;
  let db: DataSource;

  const agencyTopic = (agency: string) => `${service.topicPrefix}dx.agency.${agency}.indicator-values`;
  const report = (body: Record<string, unknown>, time: string): AgencyMessage => ({
    key: String(body.indicatorCode),
    value: JSON.stringify(body),
    headers: agencyReportHeaders('SKHCN', randomUUID(), time),
  });

  async function call(method: string, path: string, auth: Record<string, string>, body?: unknown) {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { data?: Cell[] } };
  }

  async function cellIn(
    status: string,
    orgUnitCode: string,
    period: string,
    indicator = 'BTS_COUNT',
  ): Promise<Cell | undefined> {
    const page = await call(
      'GET',
      `/v1/indicator-values/approvals?status=${status}&indicator=${indicator}&period=${period}`,
      APPROVER,
    );
    return page.body.data?.find((c) => c.orgUnitCode === orgUnitCode);
  }

  /** The events of a type on dx.indicators.events, read back from the broker, until one matches. */
  async function eventOnTopic(type: string, matches: (data: Record<string, unknown>) => boolean): Promise<Event> {
    return waitFor(
      async () => {
        const records = await readTopic(`${service.topicPrefix}dx.indicators.events`, 1_000_000, 3000);
        return records
          .filter((r) => r.headers.ce_type === type)
          .map((r) => ({ type, data: JSON.parse(String(r.value)) as Record<string, unknown> }))
          .find((e) => matches(e.data));
      },
      45000,
      `a ${type} event on dx.indicators.events`,
    );
  }

  async function storedCell(orgUnitCode: string, period: string, indicator = 'BTS_COUNT') {
    const [row] = await db.query(
      `SELECT v.report_id::text AS "reportId", v.value::text AS value, v.approval_status AS status, v.approval_reason AS reason,
              v.approval_changed_by AS "changedBy"
       FROM indicator_values v JOIN org_units o ON o.id = v.org_unit_id
       WHERE v.indicator_code = $1 AND o.code = $2 AND v.period = $3`,
      [indicator, orgUnitCode, period],
    );
    return row as
      { reportId: string; value: string; status: string; reason: string | null; changedBy: string | null } | undefined;
  }

  const t = (minute: number) => new Date(Date.UTC(2026, 10, 20, 8, minute)).toISOString();
  // Phường Đạo Thạnh of the new Đồng Tháp (82), 2026S2: no closing rule for half-years here.
  const CELL = { indicatorCode: 'BTS_COUNT', orgUnitCode: '28249', period: '2026S2' };

  beforeAll(async () => {
    service = await startIndicators('approval', { PERIOD_CLOSING_RULES: 'YEARLY=20wd' });
    db = service.app.get(DataSource);
    producer = await AgencyProducer.connect();
  });

  afterAll(async () => {
    await producer?.close();
    await service?.close();
  });

  it('a value reported through Kafka is returned with a reason, corrected by the agency and re-approved', async () => {
    await producer.send(agencyTopic('SKHCN'), [report({ ...CELL, value: 12 }, t(1))]);
    const pending = await waitFor(
      () => cellIn('pending', '28249', '2026S2'),
      30000,
      'the value in the approver’s list',
    );
    expect(pending).toMatchObject({
      value: '12',
      reportingAgency: 'SKHCN',
      approvalStatus: 'pending',
      approvalReason: null,
    });
    const awaiting = await eventOnTopic(
      'dx.indicator-value.awaiting-approval',
      (d) => d.orgUnitCode === '28249' && d.period === '2026S2',
    );
    expect(awaiting.data).toMatchObject({
      indicatorCode: 'BTS_COUNT',
      agency: 'SKHCN',
      approvingAgency: 'SKHCN',
      reportingAgency: 'SKHCN',
      orgUnitCodes: ['28249'],
      valueCount: 1,
      value: 12,
      changedBy: 'kafka:SKHCN',
    });

    const seen = { ...CELL, reportId: pending.reportId };
    const notTheirs = await call('POST', '/v1/indicator-values/approvals/approve', OTHER_APPROVER, { cells: [seen] });
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body).toMatchObject({ rule: 'approver-approves-own' });
    expect(String(notTheirs.body.message)).toContain('agency SKHCN is');
    const reporterTries = await call('POST', '/v1/indicator-values/approvals/approve', REPORTER, { cells: [seen] });
    expect(reporterTries.status).toBe(403);

    const noReason = await call('POST', '/v1/indicator-values/approvals/return', APPROVER, { cells: [seen] });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ error: 'RETURN_REASON_REQUIRED' });
    expect(String(noReason.body.message)).toMatch(/needs a reason/);
    const blankReason = await call('POST', '/v1/indicator-values/approvals/return', APPROVER, {
      cells: [seen],
      reason: '   ',
    });
    expect(blankReason.status).toBe(400);
    expect(await storedCell('28249', '2026S2')).toMatchObject({ status: 'pending' });

    const reason = 'Số trạm BTS cao hơn số liệu của nhà mạng / higher than the operators’ count';
    const returned = await call('POST', '/v1/indicator-values/approvals/return', APPROVER, { cells: [seen], reason });
    expect(returned).toMatchObject({ status: 200, body: { status: 'returned', changed: 1, unchanged: 0 } });
    expect(await cellIn('returned', '28249', '2026S2')).toMatchObject({
      approvalReason: reason,
      approvalChangedBy: 'approver-skhcn',
    });
    const returnedEvent = await eventOnTopic('dx.indicator-value.returned', (d) => d.reportId === pending.reportId);
    expect(returnedEvent.data).toMatchObject({
      ...CELL,
      agency: 'SKHCN',
      approvingAgency: 'SKHCN',
      reason,
      value: 12,
      changedBy: 'approver-skhcn',
    });
    const early = await call('POST', '/v1/indicator-values/approvals/approve', APPROVER, { cells: [seen] });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: 'VALUE_NOT_AWAITING_APPROVAL' });

    // The agency corrects the value: pending again, saying it was corrected after the return.
    await producer.send(agencyTopic('SKHCN'), [report({ ...CELL, value: 11 }, t(2))]);
    const corrected = await waitFor(
      async () => {
        const c = await cellIn('pending', '28249', '2026S2');
        return c && c.reportId !== pending.reportId ? c : undefined;
      },
      30000,
      'the corrected value pending',
    );
    expect(corrected).toMatchObject({ value: '11', approvalChangedBy: 'kafka:SKHCN' });
    expect(corrected.approvalReason).toBe(
      `corrected by report ${corrected.reportId} from agency SKHCN after it was returned`,
    );

    // Approving the version returned before is refused: it is not the value any more.
    const stale = await call('POST', '/v1/indicator-values/approvals/approve', APPROVER, { cells: [seen] });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      error: 'VALUE_CHANGED_SINCE_SEEN',
      details: { changed: [{ ...seen, currentReportId: corrected.reportId, approvalStatus: 'pending' }] },
    });
    expect(await storedCell('28249', '2026S2')).toMatchObject({ status: 'pending', reportId: corrected.reportId });

    const approved = await call('POST', '/v1/indicator-values/approvals/approve', APPROVER, {
      cells: [{ ...CELL, reportId: corrected.reportId }],
    });
    expect(approved).toMatchObject({ status: 200, body: { status: 'approved', changed: 1 } });
    expect(await storedCell('28249', '2026S2')).toMatchObject({
      status: 'approved',
      value: '11',
      reason: null,
      changedBy: 'approver-skhcn',
    });
    const again = await call('POST', '/v1/indicator-values/approvals/approve', APPROVER, {
      cells: [{ ...CELL, reportId: corrected.reportId }],
    });
    expect(again.body).toMatchObject({ changed: 0, unchanged: 1 });
    // The approved-only figure of the province now counts it (views/approved-figures.ts).
    const province = await eventOnTopic(
      'dx.indicator-aggregate.approved',
      (d) => d.orgUnitCode === '82' && d.period === '2026S2',
    );
    expect(province.data).toMatchObject({ indicatorCode: 'BTS_COUNT', value: 11, valueCount: 1 });
    const approvedEvent = await eventOnTopic('dx.indicator-value.approved', (d) => d.reportId === corrected.reportId);
    expect(approvedEvent.data).toMatchObject({ ...CELL, agency: 'SKHCN', value: 11, changedBy: 'approver-skhcn' });

    const audit: { action: string; actor: string; details: Record<string, unknown> }[] = await db.query(
      `SELECT action, actor, details FROM audit_log WHERE resource = 'indicator-values/BTS_COUNT/28249/2026S2' ORDER BY id`,
    );
    expect(audit).toEqual([
      {
        action: 'indicator-value.returned',
        actor: 'approver-skhcn',
        details: { reportId: pending.reportId, previousStatus: 'pending', reason },
      },
      {
        action: 'indicator-value.approved',
        actor: 'approver-skhcn',
        details: { reportId: corrected.reportId, previousStatus: 'pending' },
      },
    ]);
  });

  it('an approved value goes back to pending on a late correction, and says why', async () => {
    const approved = await storedCell('28249', '2026S2');
    expect(approved?.status).toBe('approved');
    // An older report arriving late changes nothing: the approval stands.
    await producer.send(agencyTopic('SKHCN'), [report({ ...CELL, value: 99 }, t(0))]);
    await producer.send(agencyTopic('SKHCN'), [report({ ...CELL, value: 13 }, t(3))]);
    const reopened = await waitFor(
      async () => {
        const c = await storedCell('28249', '2026S2');
        return c && c.status === 'pending' ? c : undefined;
      },
      30000,
      'the approved value back to pending',
    );
    expect(reopened.value).toBe('13');
    expect(reopened.reason).toBe(
      `late correction: report ${reopened.reportId} from agency SKHCN replaced the approved report ${approved?.reportId}`,
    );
    const event = await eventOnTopic('dx.indicator-value.reopened', (d) => d.reportId === reopened.reportId);
    // Nothing approved is left under the province for the half-year: its approved-only figure says so.
    const province = await eventOnTopic(
      'dx.indicator-aggregate.approved',
      (d) => d.orgUnitCode === '82' && d.period === '2026S2' && d.value === null,
    );
    expect(province.data).toMatchObject({ valueCount: 0, version: 2 });
    expect(event.data).toMatchObject({
      ...CELL,
      agency: 'SKHCN',
      cause: 'late-correction',
      previousReportId: approved?.reportId,
      reason: reopened.reason,
      value: 13,
    });
  });

  it('a formula version in force for the period puts its approved values back to pending', async () => {
    const current = (await storedCell('28249', '2026S2')) as { reportId: string };
    const ok = await call('POST', '/v1/indicator-values/approvals/approve', APPROVER, {
      cells: [{ ...CELL, reportId: current.reportId }],
    });
    expect(ok.status).toBe(200);
    const versions = await call('GET', '/v1/indicators/BTS_COUNT/versions', OFFICE);
    const [first] = versions.body.data as unknown as { definition: Record<string, unknown> }[];
    const put = await fetch(`${service.url}/v1/indicators/BTS_COUNT`, {
      method: 'PUT',
      headers: { ...bearer({ agency: 'SKHCN', roles: ['programme-office'] }), 'content-type': 'application/json' },
      body: JSON.stringify({
        effectiveFrom: '2026-07-01',
        definition: { ...first.definition, bounds: { min: 0, max: 100000 } },
      }),
    });
    expect(put.status).toBe(200);
    expect(await storedCell('28249', '2026S2')).toMatchObject({
      status: 'pending',
      reason: 'formula version of BTS_COUNT in force from 2026-07-01: the figure is built by new rules',
      changedBy: 'catalogue',
    });
    const event = await eventOnTopic('dx.indicator-value.reopened', (d) => d.cause === 'formula-version');
    expect(event.data).toMatchObject({
      ...CELL,
      reportId: current.reportId,
      previousReportId: current.reportId,
      agency: 'SKHCN',
    });
  });

  it('pages an approver’s list of pending values and shows another agency’s approver none of them', async () => {
    const units = await call('GET', '/v1/org-units?at=2026-06-30&level=3', REPORTER);
    const codes = (units.body.data as unknown as { code: string }[]).slice(0, 3).map((u) => u.code);
    await producer.send(
      agencyTopic('SKHCN'),
      codes.map((orgUnitCode, i) =>
        report({ indicatorCode: 'BTS_COUNT', orgUnitCode, period: '2026S1', value: i + 1 }, t(6)),
      ),
    );
    const path = '/v1/indicator-values/approvals?indicator=BTS_COUNT&period=2026S1&limit=2';
    await waitFor(
      async () =>
        (await call('GET', path.replace('limit=2', 'limit=10'), APPROVER)).body.data?.length === 3 ? true : undefined,
      30000,
      'three pending values',
    );
    const first = await call('GET', path, APPROVER);
    expect(first.body.data).toHaveLength(2);
    const second = await call('GET', `${path}&cursor=${String(first.body.nextCursor)}`, APPROVER);
    expect(second.body).toMatchObject({ nextCursor: null });
    const seen = [...(first.body.data ?? []), ...(second.body.data ?? [])].map((c) => c.orgUnitCode);
    expect(new Set(seen)).toEqual(new Set(codes));
    expect(seen).toHaveLength(3);
    const otherAgency = await call('GET', path, OTHER_APPROVER);
    expect(otherAgency.body).toMatchObject({ agency: 'SYT', data: [], nextCursor: null });
    const badCursor = await call('GET', `${path}&cursor=nope`, APPROVER);
    expect(badCursor).toMatchObject({ status: 400, body: { error: 'INVALID_CURSOR' } });
  });

  it('a report into a closed period is refused with PERIOD_LOCKED, and accepted after the programme office re-opens it', async () => {
    // YEARLY periods close 20 working days after the year ends: 2024 closed in early 2025.
    const meeting = { indicatorCode: 'BCD_MEETINGS', orgUnitCode: '82', period: '2024', value: 4 };
    const refused = report(meeting, t(4));
    await producer.send(agencyTopic('SKHCN'), [refused]);
    const [letter] = await readTopic(`${agencyTopic('SKHCN')}.dlq`, 1, 30000);
    expect(letter.headers.ce_id).toBe(refused.headers.ce_id);
    expect(letter.headers.dx_dlq_reason).toMatch(
      /^period 2024 is closed for reports: the last reporting day was 2025-02-\d\d \(YEARLY periods close 20 working days after the period end\); the programme office can re-open it \(PERIOD_LOCKED\)$/,
    );
    const rest = await call('POST', '/v1/indicator-values', REPORTER, {
      values: [{ ...meeting, id: `rest-${randomUUID()}` }],
    });
    expect(rest.status).toBe(422);
    expect(rest.body.results).toEqual([
      expect.objectContaining({ status: 'rejected', reason: expect.stringContaining('(PERIOD_LOCKED)') }),
    ]);
    expect(await storedCell('82', '2024', 'BCD_MEETINGS')).toBeUndefined();

    const status = await call('GET', '/v1/period-locks/2024', REPORTER);
    expect(status.body).toMatchObject({
      period: '2024',
      closed: true,
      acceptsReports: false,
      openUntil: null,
      reopenings: [],
    });

    const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const byApprover = await call('POST', '/v1/period-locks/2024/reopenings', APPROVER, {
      reason: 'late figures',
      openUntil: until,
    });
    expect(byApprover.status).toBe(403);
    const noReason = await call('POST', '/v1/period-locks/2024/reopenings', OFFICE, { openUntil: until });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason is required');
    const past = await call('POST', '/v1/period-locks/2024/reopenings', OFFICE, {
      reason: 'late figures',
      openUntil: '2026-01-01T00:00:00Z',
    });
    expect(past).toMatchObject({ status: 400, body: { error: 'REOPEN_UNTIL_INVALID' } });
    const open = await call('POST', '/v1/period-locks/2026/reopenings', OFFICE, {
      reason: 'late figures',
      openUntil: until,
    });
    expect(open).toMatchObject({ status: 409, body: { error: 'PERIOD_NOT_CLOSED' } });

    const reason = 'Văn phòng UBND nộp bổ sung số cuộc họp năm 2024 / late meeting records';
    const reopened = await call('POST', '/v1/period-locks/2024/reopenings', OFFICE, { reason, openUntil: until });
    expect(reopened).toMatchObject({ status: 201, body: { closed: true, acceptsReports: true, openUntil: until } });
    expect((reopened.body.reopenings as unknown[])[0]).toMatchObject({
      reason,
      openedBy: 'office-skhcn',
      agency: 'SKHCN',
    });
    const [audit] = await db.query(`SELECT actor, details FROM audit_log WHERE action = 'period.reopened'`);
    expect(audit).toMatchObject({ actor: 'office-skhcn', details: { reason, openUntil: until } });

    await producer.send(agencyTopic('SKHCN'), [report(meeting, t(5))]);
    const stored = await waitFor(
      () => storedCell('82', '2024', 'BCD_MEETINGS'),
      30000,
      'the report accepted after the re-opening',
    );
    expect(stored).toMatchObject({ value: '4', status: 'pending' });
  });

  it('a value returned today goes to the agency holding its reporter’s responsibilities now (STTTT → SKHCN)', async () => {
    const sttt = bearer({ agency: 'STTTT', roles: ['reporter'], sub: 'reporter-sttt' });
    const cell = { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024S2' };
    const reported = await call('POST', '/v1/indicator-values', sttt, {
      values: [{ ...cell, value: 40, id: 'merged-agency-815', reportedAt: '2025-01-05T08:00:00Z' }],
    });
    expect(reported.status).toBe(200);
    const pending = await waitFor(
      () => cellIn('pending', '815', '2024S2'),
      30000,
      'the 2024 value in the approver’s list',
    );
    expect(pending.reportingAgency).toBe('STTTT');
    const reason = 'Thiếu số trạm của một nhà mạng / one operator missing';
    const returned = await call('POST', '/v1/indicator-values/approvals/return', APPROVER, {
      cells: [{ ...cell, reportId: pending.reportId }],
      reason,
    });
    expect(returned.status).toBe(200);
    const event = await eventOnTopic('dx.indicator-value.returned', (d) => d.reportId === pending.reportId);
    expect(event.data).toMatchObject({ ...cell, agency: 'SKHCN', reportingAgency: 'STTTT', reason });
  });
});
