import { EventTypes, type IndicatorValueReopenedV1, type ReopenCause } from '@dxhub/contracts';
import type { EntityManager } from 'typeorm';
import { type ApprovalCellRow, cellFields, changedCell, publishApprovalEvents } from './approval-events';
import type { ApprovalChangedCell, ApproverLookup } from './approving-agencies.service';

/** Who puts a value back to pending when the catalogue changes its formula or its hierarchy. */
const CATALOGUE_ACTOR = 'catalogue';

/** The columns an UPDATE … RETURNING of reopened values is read back with (a CTE named `reopened`). */
const REOPENED_CELLS = `
  SELECT v.indicator_code, v.org_unit_id, o.code AS org_unit_code, v.period, v.period_end::text AS period_end,
         v.report_id::text AS report_id, r.agency_code AS reporting_agency, v.value::text AS value,
         v.numerator::text AS numerator, v.denominator::text AS denominator, v.approval_reason AS reason
  FROM reopened v JOIN indicator_reports r ON r.id = v.report_id JOIN org_units o ON o.id = v.org_unit_id`;

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
  const rows: (ApprovalCellRow & { reason: string })[] = await m.query(
    `WITH reopened AS (
       UPDATE indicator_values v
       SET approval_status = 'pending', approval_reason = $3, approval_changed_by = $4, approval_changed_at = now()
       FROM indicator_versions iv
       WHERE iv.code = $1 AND iv.effective_from = $2::date
         AND v.indicator_code = $1 AND v.period_end >= $2::date AND v.approval_status = 'approved'
         AND v.approval_changed_at < iv.created_at
       RETURNING v.*
     )
     ${REOPENED_CELLS}`,
    [indicatorCode, effectiveFrom, reason, CATALOGUE_ACTOR],
  );
  return publishReopened(m, rows, 'formula-version', approvers);
}

/**
 * Values a hierarchy change moved (pending_hierarchy_changes, queued by the seed loader) count toward other
 * figures now: those that were approved go back to pending with the queue's sentence (which unit moved,
 * from under which units to under which). Returns the cells it reopened.
 */
export async function reopenForHierarchyChanges(
  m: EntityManager,
  approvers: ApproverLookup,
): Promise<ApprovalChangedCell[]> {
  const rows: (ApprovalCellRow & { reason: string })[] = await m.query(
    `WITH reopened AS (
       UPDATE indicator_values v
       SET approval_status = 'pending', approval_reason = h.reason, approval_changed_by = $1, approval_changed_at = now()
       FROM pending_hierarchy_changes h
       WHERE (v.indicator_code, v.org_unit_id, v.period) = (h.indicator_code, h.org_unit_id, h.period)
         AND v.approval_status = 'approved'
       RETURNING v.*
     )
     ${REOPENED_CELLS}`,
    [CATALOGUE_ACTOR],
  );
  return publishReopened(m, rows, 're-mapped-unit', approvers);
}

/** One `reopened` event per cell, to the agency that approves it again. */
async function publishReopened(
  m: EntityManager,
  rows: (ApprovalCellRow & { reason: string })[],
  cause: ReopenCause,
  approvers: ApproverLookup,
): Promise<ApprovalChangedCell[]> {
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
        cause,
        previousReportId: row.report_id,
        reason: row.reason,
      },
    ];
  });
  await publishApprovalEvents(m, EventTypes.INDICATOR_VALUE_REOPENED, events);
  return rows.map(changedCell);
}
