import { type AgencyMessage, agencyReportHeaders, bearer, readTopic, waitFor } from '@dxhub/testing';
import { randomUUID } from 'node:crypto';
import { useAgencyProducer, useIndicators } from './indicators-app';

/** SKHCN holds the programme office's role since 2025-03-01 (STTTT merged into it): it approves BTS_COUNT. */
export const REPORTER = bearer({ agency: 'SKHCN', roles: ['reporter'], sub: 'reporter-skhcn' });
export const APPROVER = bearer({ agency: 'SKHCN', roles: ['approver'], sub: 'approver-skhcn' });
export const OTHER_APPROVER = bearer({ agency: 'SYT', roles: ['approver'], sub: 'approver-syt' });
export const OFFICE = bearer({ agency: 'SKHCN', roles: ['programme-office'], sub: 'office-skhcn' });

export interface Cell {
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

export interface Event {
  type: string;
  data: Record<string, unknown>;
}

/** The time of a report: `minute` past 08:00 UTC on 20 November 2026. */
export const t = (minute: number) => new Date(Date.UTC(2026, 10, 20, 8, minute)).toISOString();

/**
 * The indicators service for the approval and period-locking tests (see useIndicators; unless `closingRules` says
 * otherwise, YEARLY periods close 20 working days after they end), a producer standing in for SKHCN (see
 * useAgencyProducer), and readers of the approver's list, the stored values and the events published.
 */
export function useApprovalService(label: string, closingRules = 'YEARLY=20wd') {
  // Passed even when empty: an earlier service of the same test file left its rules in process.env.
  const service = useIndicators(label, { PERIOD_CLOSING_RULES: closingRules });
  const agencies = useAgencyProducer();

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
    const [row] = await service.db.query(
      `SELECT v.report_id::text AS "reportId", v.value::text AS value, v.approval_status AS status, v.approval_reason AS reason,
              v.approval_changed_by AS "changedBy"
       FROM indicator_values v JOIN org_units o ON o.id = v.org_unit_id
       WHERE v.indicator_code = $1 AND o.code = $2 AND v.period = $3`,
      [indicator, orgUnitCode, period],
    );
    return row as
      { reportId: string; value: string; status: string; reason: string | null; changedBy: string | null } | undefined;
  }

  return {
    service,
    get producer() {
      return agencies.producer;
    },
    agencyTopic,
    report,
    call,
    cellIn,
    eventOnTopic,
    storedCell,
  };
}
