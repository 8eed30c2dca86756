import type { QueryRunner } from 'typeorm';
import {
  auditRequestIn,
  pendingRequestAudit,
  type RequestAudit,
  runWithRequestAudit,
  takeRequestAudit,
} from './request-audit';

const entry = {
  actor: 'u-1',
  agency: 'STTTT',
  action: 'PUT /v1/x',
  resource: '/v1/x',
  requestId: 'req-1',
  source: '127.0.0.1',
  details: { status: 200 },
};

describe('request audit', () => {
  /** A transaction's connection as the statement helpers use it (a QueryRunner answering structured results). */
  const manager = () => {
    const calls: unknown[][] = [];
    const runner = {
      calls,
      isReleased: false,
      query: async (_sql: string, params?: unknown[]) => {
        calls.push(params ?? []);
        return { records: [], affected: 1 };
      },
    };
    return runner as unknown as QueryRunner & { calls: unknown[][] };
  };

  it('records nothing outside a REST write (a consumer, a job)', async () => {
    const m = manager();
    await auditRequestIn(m);
    expect(m.calls).toEqual([]);
    expect(takeRequestAudit()).toBeUndefined();
    expect(pendingRequestAudit()).toBeUndefined();
  });

  it("writes the request's row in the given transaction, with the details the service adds, and marks it recorded", async () => {
    const m = manager();
    const audit: RequestAudit = { entry, recorded: false };
    await runWithRequestAudit(audit, async () => {
      await new Promise((r) => setImmediate(r)); // the context follows the handler's awaits
      await auditRequestIn(m, { agencyCode: 'SYT' });
    });
    expect(audit.recorded).toBe(true);
    expect(m.calls).toHaveLength(1);
    expect(m.calls[0][7]).toEqual([JSON.stringify({ status: 200, agencyCode: 'SYT' })]);
  });

  it('hands the row to a transaction that runs elsewhere (group commit)', () => {
    const audit: RequestAudit = { entry, recorded: false };
    const taken = runWithRequestAudit(audit, () => takeRequestAudit({ rejected: 2 }));
    expect(taken).toMatchObject({ requestId: 'req-1', details: { status: 200, rejected: 2 } });
    expect(audit.recorded).toBe(true);
  });

  it('records nothing more once the response is decided (a timer the request left behind)', async () => {
    const m = manager();
    const audit: RequestAudit = { entry, recorded: true, closed: true };
    await runWithRequestAudit(audit, () => auditRequestIn(m));
    expect(m.calls).toEqual([]);
  });
});
