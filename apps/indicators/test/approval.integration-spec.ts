import { bearer, waitFor } from '@dxhub/testing';
import { APPROVER, OFFICE, OTHER_APPROVER, REPORTER, t, useApprovalService } from './approval-harness';

/*
 * Data approval over the real broker and database: values reported through Kafka wait for their approving agency,
 * are returned with a reason and re-approved, and go back to pending when their inputs change. Reports into a closed
 * period are in period-locking.integration-spec.ts.
 */
describe('data approval and period locking (Kafka + PostgreSQL)', () => {
  const approval = useApprovalService('approval');
  const { service, agencyTopic, report, call, cellIn, eventOnTopic, storedCell } = approval;

  // Phường Đạo Thạnh of the new Đồng Tháp (82), 2026S2: no closing rule for half-years here.
  const CELL = { indicatorCode: 'BTS_COUNT', orgUnitCode: '28249', period: '2026S2' };

  it('a value reported through Kafka is returned with a reason, corrected by the agency and re-approved', async () => {
    await approval.producer.send(agencyTopic('SKHCN'), [report({ ...CELL, value: 12 }, t(1))]);
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
    // The agency's reporters find it among the values to correct, with the approver's reason; no other agency does.
    const toCorrect = await call('GET', '/v1/indicator-values/returned', REPORTER);
    expect(toCorrect.status).toBe(200);
    expect(toCorrect.body).toMatchObject({ agency: 'SKHCN', status: 'returned', nextCursor: null });
    expect(toCorrect.body.data).toEqual([
      expect.objectContaining({
        ...CELL,
        value: '12',
        reportId: pending.reportId,
        reportingAgency: 'SKHCN',
        approvalStatus: 'returned',
        approvalReason: reason,
        approvalChangedBy: 'approver-skhcn',
      }),
    ]);
    const otherAgency = bearer({ agency: 'SYT', roles: ['reporter'], sub: 'reporter-syt' });
    expect((await call('GET', '/v1/indicator-values/returned', otherAgency)).body.data).toEqual([]);
    const notAReporter = await call('GET', '/v1/indicator-values/returned', APPROVER);
    expect(notAReporter).toMatchObject({ status: 403, body: { rule: 'role-required' } });
    expect((await call('GET', '/v1/indicator-values/returned?cursor=nonsense', REPORTER)).status).toBe(400);
    const early = await call('POST', '/v1/indicator-values/approvals/approve', APPROVER, { cells: [seen] });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: 'VALUE_NOT_AWAITING_APPROVAL' });

    // The agency corrects the value: pending again, saying it was corrected after the return.
    await approval.producer.send(agencyTopic('SKHCN'), [report({ ...CELL, value: 11 }, t(2))]);
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
    // Corrected, it is no longer the agency's to correct.
    expect((await call('GET', '/v1/indicator-values/returned', REPORTER)).body.data).toEqual([]);

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

    const audit: { action: string; actor: string; details: Record<string, unknown> }[] = await service.db.query(
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
    await approval.producer.send(agencyTopic('SKHCN'), [report({ ...CELL, value: 99 }, t(0))]);
    await approval.producer.send(agencyTopic('SKHCN'), [report({ ...CELL, value: 13 }, t(3))]);
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
    await approval.producer.send(
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
