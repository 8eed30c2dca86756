import { readTopic, readTopicUntil, waitFor } from '@dxhub/testing';
import { randomUUID } from 'node:crypto';
import { APPROVER, OFFICE, REPORTER, t, useApprovalService } from './approval-harness';

/*
 * Period locking over the real broker and database: a report into a closed period is refused, over Kafka and REST,
 * until the programme office re-opens the period for it; and a period the programme office locked by hand is closed
 * the same way, closing rules or none.
 */
describe('data approval and period locking (Kafka + PostgreSQL)', () => {
  const approval = useApprovalService('period-locking');
  const { service, agencyTopic, report, call, storedCell } = approval;

  it('a report into a closed period is refused with PERIOD_LOCKED, and accepted after the programme office re-opens it', async () => {
    // YEARLY periods close 20 working days after the year ends: 2024 closed in early 2025.
    const meeting = { indicatorCode: 'BCD_MEETINGS', orgUnitCode: '82', period: '2024', value: 4 };
    const refused = report(meeting, t(4));
    await approval.producer.send(agencyTopic('SKHCN'), [refused]);
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
      manualLock: null,
      manualLocks: [],
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
    const [audit] = await service.db.query(`SELECT actor, details FROM audit_log WHERE action = 'period.reopened'`);
    expect(audit).toMatchObject({ actor: 'office-skhcn', details: { reason, openUntil: until } });

    await approval.producer.send(agencyTopic('SKHCN'), [report(meeting, t(5))]);
    const stored = await waitFor(
      () => storedCell('82', '2024', 'BCD_MEETINGS'),
      30000,
      'the report accepted after the re-opening',
    );
    expect(stored).toMatchObject({ value: '4', status: 'pending' });
  });
});

describe('locking a period by hand (Kafka + PostgreSQL, no closing rule)', () => {
  const approval = useApprovalService('manual-locks', '');
  const { service, agencyTopic, report, call, storedCell } = approval;

  // BTS_COUNT is reported by half-year; with no closing rule, 2026S1 and 2025S2 take reports until locked by hand.
  const locked = { indicatorCode: 'BTS_COUNT', orgUnitCode: '28249', period: '2026S1' };
  const beside = { indicatorCode: 'BTS_COUNT', orgUnitCode: '28249', period: '2025S2' };
  type Lock = { reason: string; lockedAt: string };
  const lockedReason = (lock: Lock) =>
    `period 2026S1 is closed for reports: the programme office (SKHCN) locked it at ${lock.lockedAt}, ` +
    `reason "${lock.reason}"; the programme office can re-open it (PERIOD_LOCKED)`;
  const rest = (values: Record<string, unknown>[]) =>
    call('POST', '/v1/indicator-values', REPORTER, {
      values: values.map((v) => ({ ...v, id: `rest-${randomUUID()}` })),
    });
  const results = (body: Record<string, unknown>) => body.results as { status: string; reason?: string }[];
  const auditOf = (action: string) =>
    service.db.query(`SELECT actor, agency, resource, details FROM audit_log WHERE action = $1 ORDER BY id`, [action]);

  it('refuses reports for the locked period with PERIOD_LOCKED and its reason, takes them while re-opened, and a new lock ends the re-opening', async () => {
    const before = await call('GET', '/v1/period-locks/2026S1', REPORTER);
    expect(before.body).toMatchObject({
      closingRule: null,
      closed: false,
      acceptsReports: true,
      manualLock: null,
      manualLocks: [],
    });

    const reason = 'Chốt số liệu 6 tháng đầu năm 2026 / figures closed for the half-year report';
    const byApprover = await call('POST', '/v1/period-locks/2026S1/locks', APPROVER, { reason });
    expect(byApprover).toMatchObject({ status: 403, body: { rule: 'role-required' } });
    const noReason = await call('POST', '/v1/period-locks/2026S1/locks', OFFICE, {});
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason is required');
    const blank = await call('POST', '/v1/period-locks/2026S1/locks', OFFICE, { reason: '  \n ' });
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.body)).toContain('reason must not be blank');
    const badPeriod = await call('POST', '/v1/period-locks/2026H1/locks', OFFICE, { reason });
    expect(badPeriod).toMatchObject({ status: 400, body: { error: 'INVALID_PERIOD' } });
    const notClosed = await call('POST', '/v1/period-locks/2026S1/reopenings', OFFICE, {
      reason: 'nothing to re-open',
      openUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(notClosed).toMatchObject({ status: 409, body: { error: 'PERIOD_NOT_CLOSED' } });

    const lock = await call('POST', '/v1/period-locks/2026S1/locks', OFFICE, { reason: `  ${reason} ` });
    expect(lock).toMatchObject({ status: 201, body: { period: '2026S1', closed: true, acceptsReports: false } });
    const manualLock = { reason, lockedBy: 'office-skhcn', agency: 'SKHCN' };
    expect(lock.body.manualLock).toMatchObject(manualLock);
    expect(lock.body.manualLocks).toEqual([lock.body.manualLock]);
    const first = lock.body.manualLock as Lock;
    const again = await call('POST', '/v1/period-locks/2026S1/locks', OFFICE, { reason: 'twice' });
    expect(again).toMatchObject({ status: 409, body: { error: 'PERIOD_ALREADY_LOCKED' } });
    expect(String(again.body.message)).toContain('period 2026S1 is already locked');

    // Over REST, one request is one batch: the locked period's value is refused, the other period's stored.
    const mixed = await rest([
      { ...locked, value: 101 },
      { ...beside, value: 202 },
    ]);
    expect(mixed.status).toBe(200);
    expect(results(mixed.body).map((r) => r.status)).toEqual(['rejected', 'accepted']);
    expect(results(mixed.body)[0].reason).toBe(lockedReason(first));
    expect(await storedCell('28249', '2025S2')).toMatchObject({ value: '202' });
    expect(await storedCell('28249', '2026S1')).toBeUndefined();

    // Over Kafka, sent together: the locked period's report is dead-lettered, the other one stored.
    const refused = report({ ...locked, value: 103 }, t(1));
    await approval.producer.send(agencyTopic('SKHCN'), [
      refused,
      report({ ...beside, orgUnitCode: '82', value: 204 }, t(2)),
    ]);
    const [letter] = await readTopic(`${agencyTopic('SKHCN')}.dlq`, 1, 30000);
    expect(letter.headers.ce_id).toBe(refused.headers.ce_id);
    expect(letter.headers.dx_dlq_reason).toBe(lockedReason(first));
    await waitFor(() => storedCell('82', '2025S2'), 30000, 'the report beside the locked one');
    expect(await storedCell('28249', '2026S1')).toBeUndefined();

    const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const reopened = await call('POST', '/v1/period-locks/2026S1/reopenings', OFFICE, {
      reason: 'Sở TT&TT nộp bổ sung / late figures',
      openUntil: until,
    });
    expect(reopened).toMatchObject({ status: 201, body: { closed: true, acceptsReports: true, openUntil: until } });
    const whileOpen = await rest([{ ...locked, value: 105 }]);
    expect(whileOpen.status).toBe(200);
    expect(await storedCell('28249', '2026S1')).toMatchObject({ value: '105' });

    // A lock ends the re-openings granted before it, though theirs is still to come.
    const relockReason = 'Đã đối chiếu xong / reconciled';
    const relock = await call('POST', '/v1/period-locks/2026S1/locks', OFFICE, { reason: relockReason });
    expect(relock).toMatchObject({ status: 201, body: { closed: true, acceptsReports: false, openUntil: null } });
    expect(relock.body.manualLock).toMatchObject({ reason: relockReason });
    const second = relock.body.manualLock as Lock;
    expect((relock.body.manualLocks as { reason: string }[]).map((l) => l.reason)).toEqual([relockReason, reason]);
    const afterRelock = await rest([{ ...locked, value: 107 }]);
    expect(afterRelock.status).toBe(422);
    expect(results(afterRelock.body)[0].reason).toBe(lockedReason(second));
    const refusedAgain = report({ ...locked, value: 109 }, t(3));
    await approval.producer.send(agencyTopic('SKHCN'), [refusedAgain]);
    const letters = await readTopicUntil(
      `${agencyTopic('SKHCN')}.dlq`,
      (records) => records.some((r) => r.headers.ce_id === refusedAgain.headers.ce_id),
      30000,
    );
    expect(letters.find((r) => r.headers.ce_id === refusedAgain.headers.ce_id)?.headers.dx_dlq_reason).toBe(
      lockedReason(second),
    );
    expect(await storedCell('28249', '2026S1')).toMatchObject({ value: '105' });

    expect(await auditOf('period.locked')).toEqual([
      {
        actor: 'office-skhcn',
        agency: 'SKHCN',
        resource: 'period-locks/2026S1',
        details: { lockId: expect.any(String), reason, endsReopeningUntil: null },
      },
      {
        actor: 'office-skhcn',
        agency: 'SKHCN',
        resource: 'period-locks/2026S1',
        details: { lockId: expect.any(String), reason: relockReason, endsReopeningUntil: until },
      },
    ]);
    expect(await auditOf('period.reopened')).toHaveLength(1);
  });
});
