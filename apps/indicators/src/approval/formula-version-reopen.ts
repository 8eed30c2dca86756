import { EventTypes, type IndicatorValueReopenedV1 } from '@dxhub/contracts';
import type { EntityManager } from 'typeorm';
import { type ApprovalCellRow, cellFields, changedCell, publishApprovalEvents } from './approval-events';
import type { ApprovalChangedCell, ApproverLookup } from './approving-agencies.service';

/** Who puts a value back to pending when the catalogue changes its formula. */
const CATALOGUE_ACTOR = 'catalogue';

/**
 * A formula version of `indicatorCode` in force from `effectiveFrom` changes the figures of every period
 * ending on or after that day: their approved values go back to pending, saying so, with one `reopened`
 * event each. Only approvals made before the version was added: one made since saw the new rules (and a
 * retried request adds no version, so it reopens nothing). Returns the cells it reopened.
 */
export async function reopenForFormulaVersion(
  m: EntityManager,
  indicatorCode: string,
  effectiveFrom: string,
  approvers: ApproverLookup,
): Promise<ApprovalChangedCell[]> {
  const reason = `formula version of ${indicatorCode} in force from ${effectiveFrom}: the figure is built by new rules`;
  const rows: ApprovalCellRow[] = await m.query(
    `WITH reopened AS (
       UPDATE indicator_values v
       SET approval_status = 'pending', approval_reason = $3, approval_changed_by = $4, approval_changed_at = now()
       FROM indicator_versions iv
       WHERE iv.code = $1 AND iv.effective_from = $2::date
         AND v.indicator_code = $1 AND v.period_end >= $2::date AND v.approval_status = 'approved'
         AND v.approval_changed_at < iv.created_at
       RETURNING v.indicator_code, v.org_unit_id, v.period, v.period_end, v.report_id, v.value, v.numerator, v.denominator
     )
     SELECT v.indicator_code, v.org_unit_id, o.code AS org_unit_code, v.period, v.period_end::text AS period_end,
            v.report_id::text AS report_id, r.agency_code AS reporting_agency, v.value::text AS value,
            v.numerator::text AS numerator, v.denominator::text AS denominator
     FROM reopened v JOIN indicator_reports r ON r.id = v.report_id JOIN org_units o ON o.id = v.org_unit_id`,
    [indicatorCode, effectiveFrom, reason, CATALOGUE_ACTOR],
  );
  const occurredAt = new Date().toISOString();
  const events = rows.flatMap((row): IndicatorValueReopenedV1[] => {
    const approver = approvers.approverOf(row.indicator_code, row.period_end);
    if (!approver.found) return [];
    return [
      {
        ...cellFields(row),
        agency: approver.agency,
        approvingAgency: approver.agency,
        changedBy: CATALOGUE_ACTOR,
        occurredAt,
        cause: 'formula-version',
        previousReportId: row.report_id,
        reason,
      },
    ];
  });
  await publishApprovalEvents(m, EventTypes.INDICATOR_VALUE_REOPENED, events);
  return rows.map(changedCell);
}
