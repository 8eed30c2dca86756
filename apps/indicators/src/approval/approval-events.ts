import {
  type EventTypes,
  type IndicatorValueAwaitingApprovalV1,
  type IndicatorValueCellV1,
  type PayloadOf,
  serviceSource,
} from '@dxhub/contracts';
import { appendFanOutToOutbox } from '@dxhub/messaging';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ApprovalChangedCell } from './approving-agencies.service';
import type { ApprovalCellRow } from './value-approval.repository';

export type { ApprovalCellRow } from './value-approval.repository';

const SOURCE = serviceSource('indicators');

export type ApprovalEventType =
  | typeof EventTypes.INDICATOR_VALUE_AWAITING_APPROVAL
  | typeof EventTypes.INDICATOR_VALUE_APPROVED
  | typeof EventTypes.INDICATOR_VALUE_RETURNED
  | typeof EventTypes.INDICATOR_VALUE_REOPENED;

/** The cell fields of an approval event: the figures are numbers in JSON, present only when reported. */
export function cellFields(
  row: ApprovalCellRow,
): Pick<
  IndicatorValueCellV1,
  'indicatorCode' | 'orgUnitCode' | 'period' | 'reportId' | 'reportingAgency' | 'value' | 'numerator' | 'denominator'
> {
  return {
    indicatorCode: row.indicator_code,
    orgUnitCode: row.org_unit_code,
    period: row.period,
    reportId: String(row.report_id),
    reportingAgency: row.reporting_agency,
    ...(row.value !== null ? { value: Number(row.value) } : {}),
    ...(row.numerator !== null ? { numerator: Number(row.numerator) } : {}),
    ...(row.denominator !== null ? { denominator: Number(row.denominator) } : {}),
  };
}

/** The cell of a row, as the approved-only figures take it. */
export function changedCell(
  row: Pick<ApprovalCellRow, 'indicator_code' | 'org_unit_id' | 'period'>,
): ApprovalChangedCell {
  return { indicatorCode: row.indicator_code, orgUnitId: row.org_unit_id, period: row.period };
}

/** Writes the events to the outbox as one fan-out row, in the caller's transaction. */
export async function publishApprovalEvents<T extends ApprovalEventType>(
  m: EntityManager,
  type: T,
  payloads: PayloadOf<T>[],
): Promise<void> {
  await appendFanOutToOutbox(m, {
    type,
    source: SOURCE,
    events: payloads.map((payload) => {
      const cell = 'orgUnitCode' in payload && payload.orgUnitCode ? `/${payload.orgUnitCode}` : '';
      return {
        key: payload.indicatorCode,
        id: `${type}:${randomUUID()}`,
        subject: `${payload.indicatorCode}${cell}/${payload.period}`,
        time: payload.occurredAt,
        payload,
      };
    }),
  });
}

/** A value that became the current one of its cell and waits for approval. */
export interface AwaitingCell {
  indicatorCode: string;
  orgUnitCode: string;
  period: string;
  reportingAgency: string;
  approvingAgency: string;
  value: string | null;
}

/**
 * One `awaiting-approval` per (approving agency, reporting agency, indicator, period) of a batch: an upload
 * of a thousand communes is one notice to the approvers, not a thousand.
 */
export function awaitingApprovalEvents(
  cells: AwaitingCell[],
  changedBy: string,
  occurredAt: string,
): IndicatorValueAwaitingApprovalV1[] {
  const groups = new Map<string, AwaitingCell[]>();
  for (const c of cells) {
    const key = [c.approvingAgency, c.reportingAgency, c.indicatorCode, c.period].join('\u0000');
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.values()].map((group) => {
    const [first] = group;
    const orgUnitCodes = [...new Set(group.map((c) => c.orgUnitCode))].sort();
    const single = group.length === 1 ? first : undefined;
    return {
      indicatorCode: first.indicatorCode,
      period: first.period,
      agency: first.approvingAgency,
      approvingAgency: first.approvingAgency,
      reportingAgency: first.reportingAgency,
      changedBy,
      occurredAt,
      orgUnitCodes,
      valueCount: group.length,
      ...(single ? { orgUnitCode: single.orgUnitCode } : {}),
      ...(single && single.value !== null ? { value: Number(single.value) } : {}),
    };
  });
}
