import { vietnamDate } from '@dxhub/calendar';
import { Inject, Injectable } from '@nestjs/common';
import { auditRequestIn, type AuditEntry, recordAuditEntries } from '@dxhub/audit';
import { assertAllowed, mayApprove, type Principal } from '@dxhub/auth';
import { EventTypes } from '@dxhub/contracts';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { requirePeriod } from '@dxhub/periods';
import { DataSource, type EntityManager } from 'typeorm';
import { lockIndicators } from '../aggregates/aggregate-writer';
import { CatalogueService } from '../catalogue/catalogue.service';
import { publishApprovedFigures } from '../views/approved-figures';
import { type ApprovalCellRow, cellFields, changedCell, publishApprovalEvents } from './approval-events';
import { decodeApprovalCursor, encodeApprovalCursor } from './approval-cursor';
import { ApprovalErrorCode, ApprovalException } from './approval.exception';
import { ApprovingAgenciesService } from './approving-agencies.service';

export const APPROVAL_STATUSES = ['pending', 'approved', 'returned'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** A cell as the approver saw it: the report id is the version being approved or returned. */
export interface CellRef {
  indicatorCode: string;
  orgUnitCode: string;
  period: string;
  reportId: string;
}

export interface ApprovalCellView {
  indicatorCode: string;
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  reportId: string;
  reportingAgency: string;
  reportedAt: string;
  approvalStatus: ApprovalStatus;
  approvalReason: string | null;
  approvalChangedBy: string | null;
  approvalChangedAt: string | null;
}

export interface ApprovalPage {
  agency: string;
  status: ApprovalStatus;
  data: ApprovalCellView[];
  nextCursor: string | null;
}

export interface ApprovalDecision {
  status: 'approved' | 'returned';
  /** Cells whose state changed now. */
  changed: number;
  /** Cells already in that state (a repeated request). */
  unchanged: number;
  cells: (CellRef & { approvalStatus: ApprovalStatus })[];
}

type Decision = { status: 'approved' } | { status: 'returned'; reason: string };

interface CellRow extends ApprovalCellRow {
  org_unit_name: string;
  reported_at: string;
  approval_status: ApprovalStatus;
  approval_reason: string | null;
  approval_changed_by: string | null;
  approval_changed_at: string | null;
  n: string;
}

const CELL_COLUMNS = `v.indicator_code, v.org_unit_id, o.code AS org_unit_code, o.name_vi AS org_unit_name, v.period,
       v.period_end::text AS period_end, v.value::text AS value, v.numerator::text AS numerator,
       v.denominator::text AS denominator, v.report_id::text AS report_id, r.agency_code AS reporting_agency,
       v.reported_at, v.approval_status, v.approval_reason, v.approval_changed_by, v.approval_changed_at`;

/**
 * Data approval of the current values: an approver's queue, and approving or returning cells as the
 * approver saw them (the report id), in one transaction with their events, audit entries and the approved-only
 * figures above them (`dx.indicator-aggregate.approved`, views/approved-figures.ts).
 */
@Injectable()
export class ValueApprovalService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly approvers: ApprovingAgenciesService,
  ) {}

  /** The cells `agency` approves in a state, by indicator, period and org unit (keyset-paged). */
  async list(
    agency: string,
    query: { status?: ApprovalStatus; indicator?: string; period?: string; limit?: number; cursor?: string },
  ): Promise<ApprovalPage> {
    const status = query.status ?? 'pending';
    const limit = query.limit ?? 100;
    const after = query.cursor === undefined ? null : decodeApprovalCursor(query.cursor);
    if (query.cursor !== undefined && !after) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'INVALID_CURSOR',
        'cursor is not one this endpoint returned',
      );
    }
    const scope = this.approvers.scopeOf(agency);
    if (scope.length === 0) return { agency, status, data: [], nextCursor: null };
    const rows: CellRow[] = await this.dataSource.query(
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
        query.indicator ?? null,
        query.period ?? null,
        after?.indicatorCode ?? null,
        after?.period ?? null,
        after?.orgUnitId ?? null,
        limit + 1,
      ],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      agency,
      status,
      data: page.map(view),
      nextCursor:
        rows.length > limit && last
          ? encodeApprovalCursor({
              indicatorCode: last.indicator_code,
              period: last.period,
              orgUnitId: last.org_unit_id,
            })
          : null,
    };
  }

  approve(principal: Principal, cells: CellRef[], requestId: string): Promise<ApprovalDecision> {
    return this.decide(principal, cells, { status: 'approved' }, requestId);
  }

  /** Returns cells to their reporting agency; the reason is mandatory (400 RETURN_REASON_REQUIRED). */
  returnToAgency(
    principal: Principal,
    cells: CellRef[],
    reason: string | undefined,
    requestId: string,
  ): Promise<ApprovalDecision> {
    const text = reason?.trim();
    if (!text) {
      throw new ApprovalException(
        ApprovalErrorCode.RETURN_REASON_REQUIRED,
        'returning values needs a reason: say what the reporting agency must correct (field `reason`)',
      );
    }
    return this.decide(principal, cells, { status: 'returned', reason: text }, requestId);
  }

  /**
   * Checks every cell before changing any (all or nothing): it exists (404), the caller's agency approves
   * it (403, rule approver-approves-own), its value is still the report the caller saw (409
   * VALUE_CHANGED_SINCE_SEEN), and a returned value is not approved before it is corrected (409).
   */
  private async decide(
    principal: Principal,
    refs: CellRef[],
    decision: Decision,
    requestId: string,
  ): Promise<ApprovalDecision> {
    const cells = resolveCells(this.catalogue, refs);
    const approvers = this.approvers.lookup();
    return this.dataSource.transaction(async (m) => {
      // The intake's lock: a report for one of these cells waits, or is seen here.
      await lockIndicators(
        m,
        cells.map((c) => c.ref.indicatorCode),
      );
      const rows = await readCells(m, cells);
      const missing = cells.filter((_, i) => !rows.has(i)).map((c) => c.ref);
      if (missing.length > 0) {
        throw new ApprovalException(
          ApprovalErrorCode.VALUE_NOT_FOUND,
          `${missing.length} of ${cells.length} cells have no value: ${missing.map(cellName).join(', ')}`,
          { missing },
        );
      }
      const approvingAgencies = cells.map((c, i) => {
        const row = rows.get(i) as CellRow;
        const approver = approvers.approverOf(row.indicator_code, row.period_end);
        if (!approver.found) {
          throw new ApprovalException(
            ApprovalErrorCode.NO_APPROVING_AGENCY,
            `no agency approves ${cellName(c.ref)}: ${approver.reason}`,
          );
        }
        assertAllowed(mayApprove(principal, { approverAgency: approver.agency }), { cell: c.ref });
        return approver.agency;
      });
      const changedSince = cells.flatMap((c, i) => {
        const row = rows.get(i) as CellRow;
        return row.report_id === c.ref.reportId
          ? []
          : [{ ...c.ref, currentReportId: row.report_id, approvalStatus: row.approval_status }];
      });
      if (changedSince.length > 0) {
        throw new ApprovalException(
          ApprovalErrorCode.VALUE_CHANGED_SINCE_SEEN,
          `${changedSince.length} of ${cells.length} values changed since they were read (a newer report is the value): ` +
            `${changedSince.map((c) => `${cellName(c)} is report ${c.currentReportId}, not ${c.reportId}`).join(', ')}; nothing was ${decision.status}`,
          { changed: changedSince },
        );
      }
      if (decision.status === 'approved') {
        const returned = cells.filter((_, i) => rows.get(i)?.approval_status === 'returned').map((c) => c.ref);
        if (returned.length > 0) {
          throw new ApprovalException(
            ApprovalErrorCode.VALUE_NOT_AWAITING_APPROVAL,
            `${returned.map(cellName).join(', ')} ${returned.length === 1 ? 'was' : 'were'} returned: a corrected report from the agency comes before an approval`,
            { returned },
          );
        }
      }
      const reason = decision.status === 'returned' ? decision.reason : null;
      const changing = cells
        .map((c, i) => ({ cell: c, row: rows.get(i) as CellRow, approvingAgency: approvingAgencies[i] }))
        .filter(({ row }) => row.approval_status !== decision.status || row.approval_reason !== reason);
      await applyDecision(
        m,
        changing.map((c) => c.row),
        decision.status,
        reason,
        principal.sub,
      );
      await publishApprovedFigures(
        m,
        this.catalogue,
        changing.map(({ row }) => changedCell(row)),
      );
      const now = new Date();
      const occurredAt = now.toISOString();
      // The reporting agency acts on it (re-reports a returned value): whoever holds its responsibilities today.
      const today = vietnamDate(now);
      const payloads = changing.map(({ row, approvingAgency }) => ({
        ...cellFields(row),
        agency: this.catalogue.agencyHoldingOn(row.reporting_agency, today),
        approvingAgency,
        changedBy: principal.sub,
        occurredAt,
      }));
      if (decision.status === 'approved') await publishApprovalEvents(m, EventTypes.INDICATOR_VALUE_APPROVED, payloads);
      else
        await publishApprovalEvents(
          m,
          EventTypes.INDICATOR_VALUE_RETURNED,
          payloads.map((p) => ({ ...p, reason: decision.reason })),
        );
      await recordAuditEntries(
        m,
        changing.map(({ row }) => auditEntry(principal, decision, row, requestId)),
      );
      await auditRequestIn(m, { changed: changing.length });
      return {
        status: decision.status,
        changed: changing.length,
        unchanged: cells.length - changing.length,
        cells: cells.map((c) => ({ ...c.ref, approvalStatus: decision.status })),
      };
    });
  }
}

interface ResolvedCell {
  ref: CellRef;
  orgUnitId: number;
}

/** Each cell's org unit version (the one in force at the period's end); unknown units are 404s. */
function resolveCells(catalogue: CatalogueService, refs: CellRef[]): ResolvedCell[] {
  const unknown: CellRef[] = [];
  const cells: ResolvedCell[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const unit = catalogue.orgUnitOn(ref.orgUnitCode, requirePeriod(ref.period).end);
    if (!unit) unknown.push(ref);
    else if (!seen.has(cellName(ref))) {
      seen.add(cellName(ref));
      cells.push({ ref, orgUnitId: unit.id });
    }
  }
  if (unknown.length > 0) {
    throw new ApprovalException(
      ApprovalErrorCode.VALUE_NOT_FOUND,
      `no org unit ${unknown.map((r) => `${r.orgUnitCode} at the end of ${r.period}`).join(', ')}`,
      { missing: unknown },
    );
  }
  return cells;
}

/** The current values of the cells, locked, by the cell's index. */
async function readCells(m: EntityManager, cells: ResolvedCell[]): Promise<Map<number, CellRow>> {
  const rows: CellRow[] = await m.query(
    `SELECT ${CELL_COLUMNS}, c.n::text AS n
     FROM unnest($1::text[], $2::int[], $3::text[]) WITH ORDINALITY AS c(indicator_code, org_unit_id, period, n)
     JOIN indicator_values v USING (indicator_code, org_unit_id, period)
     JOIN indicator_reports r ON r.id = v.report_id
     JOIN org_units o ON o.id = v.org_unit_id
     FOR UPDATE OF v`,
    [cells.map((c) => c.ref.indicatorCode), cells.map((c) => c.orgUnitId), cells.map((c) => c.ref.period)],
  );
  return new Map(rows.map((r) => [Number(r.n) - 1, r]));
}

async function applyDecision(
  m: EntityManager,
  rows: CellRow[],
  status: ApprovalStatus,
  reason: string | null,
  by: string,
): Promise<void> {
  if (rows.length === 0) return;
  await m.query(
    `UPDATE indicator_values v
     SET approval_status = $4, approval_reason = $5, approval_changed_by = $6, approval_changed_at = now()
     FROM unnest($1::text[], $2::int[], $3::text[]) AS c(indicator_code, org_unit_id, period)
     WHERE (v.indicator_code, v.org_unit_id, v.period) = (c.indicator_code, c.org_unit_id, c.period)`,
    [rows.map((r) => r.indicator_code), rows.map((r) => r.org_unit_id), rows.map((r) => r.period), status, reason, by],
  );
}

function auditEntry(principal: Principal, decision: Decision, row: CellRow, requestId: string): AuditEntry {
  return {
    actor: principal.sub,
    agency: principal.agency,
    action: `indicator-value.${decision.status}`,
    resource: `indicator-values/${row.indicator_code}/${row.org_unit_code}/${row.period}`,
    requestId,
    source: 'rest',
    details: {
      reportId: row.report_id,
      previousStatus: row.approval_status,
      ...(decision.status === 'returned' ? { reason: decision.reason } : {}),
    },
  };
}

function cellName(c: Pick<CellRef, 'indicatorCode' | 'orgUnitCode' | 'period'>): string {
  return `${c.indicatorCode}/${c.orgUnitCode}/${c.period}`;
}

function view(r: CellRow): ApprovalCellView {
  return {
    indicatorCode: r.indicator_code,
    orgUnitCode: r.org_unit_code,
    orgUnitName: r.org_unit_name,
    period: r.period,
    value: r.value,
    numerator: r.numerator,
    denominator: r.denominator,
    reportId: r.report_id,
    reportingAgency: r.reporting_agency,
    reportedAt: new Date(r.reported_at).toISOString(),
    approvalStatus: r.approval_status,
    approvalReason: r.approval_reason,
    approvalChangedBy: r.approval_changed_by,
    approvalChangedAt: r.approval_changed_at === null ? null : new Date(r.approval_changed_at).toISOString(),
  };
}
