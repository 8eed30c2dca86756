import { EventTypes, type IndicatorValueReopenedV1, type ReopenCause } from '@dxhub/contracts';
import type { EntityManager } from 'typeorm';
import { cellFields, changedCell, publishApprovalEvents } from './approval-events';
import type { ApprovalChangedCell, ApproverLookup } from './approving-agencies.service';
import {
  reopenApprovedBeforeVersion,
  reopenApprovedMovedValues,
  type ReopenedCellRow,
} from './value-approval.repository';

/** Who puts a value back to pending when the catalogue changes its formula or its hierarchy. */
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
  const rows = await reopenApprovedBeforeVersion(m, indicatorCode, effectiveFrom, reason, CATALOGUE_ACTOR);
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
  const rows = await reopenApprovedMovedValues(m, CATALOGUE_ACTOR);
  return publishReopened(m, rows, 're-mapped-unit', approvers);
}

/** One `reopened` event per cell, to the agency that approves it again. */
async function publishReopened(
  m: EntityManager,
  rows: ReopenedCellRow[],
  cause: ReopenCause,
  approvers: ApproverLookup,
): Promise<ApprovalChangedCell[]> {
  const occurredAt = approvers.clock.now().toISOString();
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
