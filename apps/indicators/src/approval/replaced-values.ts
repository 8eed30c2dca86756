import { EventTypes, type IndicatorValueReopenedV1 } from '@dxhub/contracts';
import type { EntityManager } from 'typeorm';
import { awaitingApprovalEvents, cellFields, changedCell, publishApprovalEvents } from './approval-events';
import type { IntakeApproval } from './approving-agencies.service';
import { resetReplacedCells } from './value-approval.repository';

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
  const rows = await resetReplacedCells(m, {
    indicatorCodes: col('indicatorCode'),
    orgUnitIds: col('orgUnitId'),
    periods: col('period'),
    periodEnds: col('periodEnd'),
    reportedAts: col('reportedAt'),
    reportIds: col('reportId'),
    reportingAgencies: col('agencyCode'),
    changedBys: reports.map(changedByOf),
    values: col('value'),
    numerators: col('numerator'),
    denominators: col('denominator'),
  });
  if (rows.length === 0) return;
  const occurredAt = approval.approvers.clock.now().toISOString();
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
