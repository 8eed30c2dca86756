import { readTopic, waitFor } from '@dxhub/testing';
import { randomUUID } from 'node:crypto';
import { APPROVER, OFFICE, REPORTER, t, useApprovalService } from './approval-harness';

/*
 * Period locking over the real broker and database: a report into a closed period is refused, over Kafka and REST,
 * until the programme office re-opens the period for it.
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
