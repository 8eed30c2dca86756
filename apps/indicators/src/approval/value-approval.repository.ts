import { Inject, Injectable } from '@nestjs/common';
import {
  type Column,
  column,
  execute,
  returningRows,
  rowShape,
  type RowOf,
  selectRows,
  type SqlExecutor,
} from '@dxhub/persistence';
import { DataSource } from 'typeorm';
import { APPROVAL_STATUSES, type ApprovalStatus } from './approval-status';

/*
 * Data approval's statements over `indicator_values` (the approval columns of the current values), read with
 * the report behind each value and its org unit. Every function runs on the executor it is given, so a decision
 * joins the caller's transaction. Numbers read as exact decimal text.
 */

const approvalStatus: Column<ApprovalStatus> = {
  expected: 'approval status',
  accepts: (value: unknown): value is ApprovalStatus => APPROVAL_STATUSES.some((status) => status === value),
};

/** The columns of a cell every approval statement reads. */
const CELL = {
  indicator_code: column.text,
  org_unit_id: column.number,
  org_unit_code: column.text,
  period: column.text,
  period_end: column.text,
  report_id: column.text,
  reporting_agency: column.text,
  value: column.nullable(column.text),
  numerator: column.nullable(column.text),
  denominator: column.nullable(column.text),
};

/** A cell as an approver reads it: with its org unit's name, its report's time and its approval state. */
const APPROVAL_CELL = {
  ...CELL,
  org_unit_name: column.text,
  reported_at: column.timestamp,
  approval_status: approvalStatus,
  approval_reason: column.nullable(column.text),
  approval_changed_by: column.nullable(column.text),
  approval_changed_at: column.nullable(column.timestamp),
};
const approvalCellRow = rowShape(APPROVAL_CELL);
const lockedCellRow = rowShape({ ...APPROVAL_CELL, n: column.text });
const reopenedCellRow = rowShape({ ...CELL, reason: column.text });
const replacedCellRow = rowShape({
  ...CELL,
  changed_by: column.text,
  old_status: column.nullable(approvalStatus),
  old_report_id: column.nullable(column.text),
  reason: column.nullable(column.text),
});

/** A cell as the approval statements read it: the columns of CELL. */
export type ApprovalCellRow = Omit<ReopenedCellRow, 'reason'>;
/** A cell in an approver's queue. */
export type ApprovalQueueRow = RowOf<typeof approvalCellRow>;
/** A cell whose approved value went back to pending, with the reason. */
export type ReopenedCellRow = RowOf<typeof reopenedCellRow>;
/** A cell about to take a new current value, with its approval state before. */
export type ReplacedCellRow = RowOf<typeof replacedCellRow>;

const CELL_COLUMNS = `v.indicator_code, v.org_unit_id, o.code AS org_unit_code, o.name_vi AS org_unit_name, v.period,
       v.period_end::text AS period_end, v.value::text AS value, v.numerator::text AS numerator,
       v.denominator::text AS denominator, v.report_id::text AS report_id, r.agency_code AS reporting_agency,
       v.reported_at, v.approval_status, v.approval_reason, v.approval_changed_by, v.approval_changed_at`;

/** The indicator versions an approver's queue covers: values of `indicatorCode` whose period ends in [from, to). */
export interface QueueScope {
  indicatorCode: string;
  from: string;
  to: string;
}

/** What a page of an approver's queue asks for. */
export interface ApprovalQueueQuery {
  status: ApprovalStatus;
  indicator: string | null;
  period: string | null;
  after: { indicatorCode: string; period: string; orgUnitId: number } | null;
  rows: number;
}

/** The approval reads that run outside a transaction (the decisions use the functions below in theirs). */
@Injectable()
export class ValueApprovalRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** One page of an approver's queue (see approvalQueue). */
  queue(scope: QueueScope[], query: ApprovalQueueQuery): Promise<ApprovalQueueRow[]> {
    return approvalQueue(this.dataSource, scope, query);
  }

  /** One page of the values an agency reported that were returned to it, in the queue's order and keyset. */
  returnedTo(agency: string, query: Omit<ApprovalQueueQuery, 'status'>): Promise<ApprovalQueueRow[]> {
    const { indicator, period, after, rows } = query;
    return selectRows(
      this.dataSource,
      approvalCellRow,
      `SELECT ${CELL_COLUMNS}
         FROM indicator_values v
         JOIN indicator_reports r ON r.id = v.report_id
         JOIN org_units o ON o.id = v.org_unit_id
         WHERE v.approval_status = 'returned' AND r.agency_code = $1
           AND ($2::text IS NULL OR v.indicator_code = $2) AND ($3::text IS NULL OR v.period = $3)
           AND ($4::text IS NULL OR (v.indicator_code, v.period, v.org_unit_id) > ($4, $5, $6))
         ORDER BY v.indicator_code, v.period, v.org_unit_id
         LIMIT $7`,
      [agency, indicator, period, after?.indicatorCode ?? null, after?.period ?? null, after?.orgUnitId ?? null, rows],
    );
  }
}

/** One page of an approver's queue, by indicator, period and org unit, after the keyset `after` (limit + 1 rows). */
export function approvalQueue(
  executor: SqlExecutor,
  scope: QueueScope[],
  query: ApprovalQueueQuery,
): Promise<ApprovalQueueRow[]> {
  const { status, indicator, period, after, rows } = query;
  return selectRows(
    executor,
    approvalCellRow,
    `SELECT ${CELL_COLUMNS}
       FROM unnest($1::text[], $2::date[], $3::date[]) AS s(indicator_code, from_date, to_date)
       JOIN indicator_values v
         ON v.indicator_code = s.indicator_code AND v.period_end >= s.from_date AND v.period_end < s.to_date
       JOIN indicator_reports r ON r.id = v.report_id
       JOIN org_units o ON o.id = v.org_unit_id
       WHERE v.approval_status = $4
         AND ($5::text IS NULL OR v.indicator_code = $5) AND ($6::text IS NULL OR v.period = $6)
         AND ($7::text IS NULL OR (v.indicator_code, v.period, v.org_unit_id) > ($7, $8, $9))
       ORDER BY v.indicator_code, v.period, v.org_unit_id
       LIMIT $10`,
    [
      scope.map((s) => s.indicatorCode),
      scope.map((s) => s.from),
      scope.map((s) => s.to),
      status,
      indicator,
      period,
      after?.indicatorCode ?? null,
      after?.period ?? null,
      after?.orgUnitId ?? null,
      rows,
    ],
  );
}

/** The current values of the cells, locked (FOR UPDATE), by the cell's index. */
export async function lockCells(
  m: SqlExecutor,
  cells: { indicatorCode: string; orgUnitId: number; period: string }[],
): Promise<Map<number, ApprovalQueueRow>> {
  const rows = await selectRows(
    m,
    lockedCellRow,
    `SELECT ${CELL_COLUMNS}, c.n::text AS n
     FROM unnest($1::text[], $2::int[], $3::text[]) WITH ORDINALITY AS c(indicator_code, org_unit_id, period, n)
     JOIN indicator_values v USING (indicator_code, org_unit_id, period)
     JOIN indicator_reports r ON r.id = v.report_id
     JOIN org_units o ON o.id = v.org_unit_id
     FOR UPDATE OF v`,
    [cells.map((c) => c.indicatorCode), cells.map((c) => c.orgUnitId), cells.map((c) => c.period)],
  );
  return new Map(rows.map((r) => [Number(r.n) - 1, r]));
}

/** Sets the approval state of the cells, by whom and why. */
export async function setApprovalState(
  m: SqlExecutor,
  rows: Pick<ApprovalCellRow, 'indicator_code' | 'org_unit_id' | 'period'>[],
  status: ApprovalStatus,
  reason: string | null,
  by: string,
): Promise<void> {
  if (rows.length === 0) return;
  await execute(
    m,
    `UPDATE indicator_values v
     SET approval_status = $4, approval_reason = $5, approval_changed_by = $6, approval_changed_at = now()
     FROM unnest($1::text[], $2::int[], $3::text[]) AS c(indicator_code, org_unit_id, period)
     WHERE (v.indicator_code, v.org_unit_id, v.period) = (c.indicator_code, c.org_unit_id, c.period)`,
    [rows.map((r) => r.indicator_code), rows.map((r) => r.org_unit_id), rows.map((r) => r.period), status, reason, by],
  );
}

/** The columns an UPDATE … RETURNING of reopened values is read back with (a CTE named `reopened`). */
const REOPENED_CELLS = `
  SELECT v.indicator_code, v.org_unit_id, o.code AS org_unit_code, v.period, v.period_end::text AS period_end,
         v.report_id::text AS report_id, r.agency_code AS reporting_agency, v.value::text AS value,
         v.numerator::text AS numerator, v.denominator::text AS denominator, v.approval_reason AS reason
  FROM reopened v JOIN indicator_reports r ON r.id = v.report_id JOIN org_units o ON o.id = v.org_unit_id`;

/**
 * Approved values of `indicatorCode` whose period ends on or after `effectiveFrom`, approved before that formula
 * version was added, back to pending by `actor` with `reason`.
 */
export function reopenApprovedBeforeVersion(
  m: SqlExecutor,
  indicatorCode: string,
  effectiveFrom: string,
  reason: string,
  actor: string,
): Promise<ReopenedCellRow[]> {
  return returningRows(
    m,
    reopenedCellRow,
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
    [indicatorCode, effectiveFrom, reason, actor],
  );
}

/** Approved values a hierarchy change moved (pending_hierarchy_changes) back to pending by `actor`, with the queue's reason. */
export function reopenApprovedMovedValues(m: SqlExecutor, actor: string): Promise<ReopenedCellRow[]> {
  return returningRows(
    m,
    reopenedCellRow,
    `WITH reopened AS (
       UPDATE indicator_values v
       SET approval_status = 'pending', approval_reason = h.reason, approval_changed_by = $1, approval_changed_at = now()
       FROM pending_hierarchy_changes h
       WHERE (v.indicator_code, v.org_unit_id, v.period) = (h.indicator_code, h.org_unit_id, h.period)
         AND v.approval_status = 'approved'
       RETURNING v.*
     )
     ${REOPENED_CELLS}`,
    [actor],
  );
}

/** The new current values of a batch, column by column (the writer's latest report per cell). */
export interface IncomingValues {
  indicatorCodes: string[];
  orgUnitIds: number[];
  periods: string[];
  periodEnds: string[];
  reportedAts: string[];
  reportIds: string[];
  reportingAgencies: string[];
  changedBys: string[];
  values: (string | null)[];
  numerators: (string | null)[];
  denominators: (string | null)[];
}

/**
 * The cells whose current value the incoming ones replace (or that have none yet), with their approval state
 * before; an approved or returned one is put back to pending saying why (a late correction, a correction after a
 * return). One statement; the writer's upsert that follows leaves the approval columns alone.
 */
export function resetReplacedCells(m: SqlExecutor, incoming: IncomingValues): Promise<ReplacedCellRow[]> {
  return selectRows(
    m,
    replacedCellRow,
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
      incoming.indicatorCodes,
      incoming.orgUnitIds,
      incoming.periods,
      incoming.periodEnds,
      incoming.reportedAts,
      incoming.reportIds,
      incoming.reportingAgencies,
      incoming.changedBys,
      incoming.values,
      incoming.numerators,
      incoming.denominators,
    ],
  );
}
