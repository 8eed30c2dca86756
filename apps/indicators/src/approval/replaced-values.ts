import { EventTypes, type IndicatorValueReopenedV1 } from '@dxhub/contracts';
import type { EntityManager } from 'typeorm';
import {
  awaitingApprovalEvents,
  cellFields,
  changedCell,
  publishApprovalEvents,
  type ApprovalCellRow,
} from './approval-events';
import type { IntakeApproval } from './approving-agencies.service';

/** A report about to become the current value of its cell (the writer's latest report per cell). */
export interface ReplacingReport {
  indicatorCode: string;
  orgUnitId: number;
  period: string;
  periodEnd: string;
  reportedAt: string;
  reportId: string;
  agencyCode: string;
  /** The agency's topic, or `rest` / `xlsx`. */
  topic: string;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
}

interface ReplacedRow extends ApprovalCellRow {
  old_status: 'pending' | 'approved' | 'returned' | null;
  old_report_id: string | null;
  /** Why an approved or returned cell is pending again. */
  reason: string | null;
  changed_by: string;
}

/**
 * Data approval's side of a batch of new current values, in the writer's transaction and before it stores
 * them: every cell whose value changes is pending again — an approved one says why (a late correction, with
 * the reports), a returned one that it was corrected — and the approvers hear of it: one
 * `awaiting-approval` per agency, indicator and period of the batch, one `reopened` per approved cell, and
 * the approved-only figures above the reopened cells are published again (rare: only corrections of approved
 * values pay for it). One statement for the state, one fan-out outbox row per event type.
 */
export async function putReplacedValuesToApproval(
  m: EntityManager,
  reports: ReplacingReport[],
  approval: IntakeApproval,
): Promise<void> {
  if (reports.length === 0) return;
  const col = <K extends keyof ReplacingReport>(k: K) => reports.map((r) => r[k]);
  const rows: ReplacedRow[] = await m.query(
    `WITH incoming AS MATERIALIZED (
       SELECT i.*, v.approval_status AS old_status, v.report_id AS old_report_id,
              CASE v.approval_status
                WHEN 'approved' THEN format('late correction: report %s from agency %s replaced the approved report %s',
                                            i.report_id, i.reporting_agency, v.report_id)
                WHEN 'returned' THEN format('corrected by report %s from agency %s after it was returned',
                                            i.report_id, i.reporting_agency) END AS reason
       FROM unnest($1::text[], $2::int[], $3::text[], $4::date[], $5::timestamptz[], $6::bigint[], $7::text[], $8::text[],
                   $9::numeric[], $10::numeric[], $11::numeric[])
         AS i(indicator_code, org_unit_id, period, period_end, reported_at, report_id, reporting_agency, changed_by,
              value, numerator, denominator)
       LEFT JOIN indicator_values v
         ON (v.indicator_code, v.org_unit_id, v.period) = (i.indicator_code, i.org_unit_id, i.period)
       WHERE v.indicator_code IS NULL OR (v.reported_at, v.report_id) < (i.reported_at, i.report_id)
     ),
     -- Executed though nothing reads it; the writer's upsert that follows leaves these columns alone.
     reset AS (
       UPDATE indicator_values v
       SET approval_status = 'pending',
           approval_reason = i.reason,
           approval_changed_by = i.changed_by, approval_changed_at = now()
       FROM incoming i
       WHERE (v.indicator_code, v.org_unit_id, v.period) = (i.indicator_code, i.org_unit_id, i.period)
         AND i.old_status IN ('approved', 'returned')
     )
     SELECT i.indicator_code, i.org_unit_id, o.code AS org_unit_code, i.period, i.period_end::text AS period_end,
            i.report_id::text AS report_id, i.reporting_agency, i.changed_by, i.value::text AS value,
            i.numerator::text AS numerator, i.denominator::text AS denominator, i.old_status,
            i.old_report_id::text AS old_report_id, i.reason
     FROM incoming i JOIN org_units o ON o.id = i.org_unit_id`,
    [
      col('indicatorCode'),
      col('orgUnitId'),
      col('period'),
      col('periodEnd'),
      col('reportedAt'),
      col('reportId'),
      col('agencyCode'),
      reports.map(changedByOf),
      col('value'),
      col('numerator'),
      col('denominator'),
    ],
  );
  if (rows.length === 0) return;
  const occurredAt = new Date().toISOString();
  const withApprover = rows.flatMap((row) => {
    const approver = approval.approvers.approverOf(row.indicator_code, row.period_end);
    // No agency can approve (a split without a programme office): the value waits, visible to nobody's queue.
    return approver.found ? [{ row, approvingAgency: approver.agency }] : [];
  });
  const byChanger = new Map<string, typeof withApprover>();
  for (const entry of withApprover) {
    const group = byChanger.get(entry.row.changed_by);
    if (group) group.push(entry);
    else byChanger.set(entry.row.changed_by, [entry]);
  }
  await publishApprovalEvents(
    m,
    EventTypes.INDICATOR_VALUE_AWAITING_APPROVAL,
    [...byChanger].flatMap(([changedBy, entries]) =>
      awaitingApprovalEvents(
        entries.map(({ row, approvingAgency }) => ({
          indicatorCode: row.indicator_code,
          orgUnitCode: row.org_unit_code,
          period: row.period,
          reportingAgency: row.reporting_agency,
          approvingAgency,
          value: row.value,
        })),
        changedBy,
        occurredAt,
      ),
    ),
  );
  const reopened: IndicatorValueReopenedV1[] = withApprover
    .filter(({ row }) => row.old_status === 'approved')
    .map(({ row, approvingAgency }) => ({
      ...cellFields(row),
      agency: approvingAgency,
      approvingAgency,
      changedBy: row.changed_by,
      occurredAt,
      cause: 'late-correction',
      previousReportId: String(row.old_report_id),
      reason: String(row.reason),
    }));
  await publishApprovalEvents(m, EventTypes.INDICATOR_VALUE_REOPENED, reopened);
  await approval.approvedCellsReopened(m, rows.filter((row) => row.old_status === 'approved').map(changedCell));
}

/** Who changed a cell through intake: `kafka:<agency>` for an agency topic, `rest:<agency>` / `xlsx:<agency>`. */
function changedByOf(r: ReplacingReport): string {
  return `${r.topic === 'rest' || r.topic === 'xlsx' ? r.topic : 'kafka'}:${r.agencyCode}`;
}
