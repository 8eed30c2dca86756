import { Clock, vietnamDate } from '@dxhub/calendar';
import { Inject, Injectable } from '@nestjs/common';
import { auditRequestIn, type AuditEntry, recordAuditEntries } from '@dxhub/audit';
import { assertAllowed, mayApprove, type Principal } from '@dxhub/auth';
import { EventTypes } from '@dxhub/contracts';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { requirePeriod } from '@dxhub/periods';
import { DataSource } from 'typeorm';
import { lockIndicators } from '../aggregates/aggregates.repository';
import { CatalogueService } from '../catalogue/catalogue.service';
import { publishApprovedFigures } from '../views/approved-figures';
import { cellFields, changedCell, publishApprovalEvents } from './approval-events';
import type { ApprovalStatus } from './approval-status';
import { decodeApprovalCursor, encodeApprovalCursor } from './approval-cursor';
import { ApprovalErrorCode, ApprovalException } from './approval.exception';
import { ApprovingAgenciesService } from './approving-agencies.service';
import {
  type ApprovalQueueRow,
  lockCells,
  setApprovalState,
  ValueApprovalRepository,
} from './value-approval.repository';

export { APPROVAL_STATUSES, type ApprovalStatus } from './approval-status';

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

type CellRow = ApprovalQueueRow;

/**
 * Data approval of the current values: an approver's queue, and approving or returning cells as the
 * approver saw them (the report id), in one transaction with their events, audit entries and the approved-only
 * figures above them (`dx.indicator-aggregate.approved`, views/approved-figures.ts).
 */
@Injectable()
export class ValueApprovalService {
  constructor(
    /** Only to open the decisions' transactions. */
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly queue: ValueApprovalRepository,
    private readonly catalogue: CatalogueService,
    private readonly approvers: ApprovingAgenciesService,
    private readonly clock: Clock,
  ) {}

  /** The cells `agency` approves in a state, by indicator, period and org unit (keyset-paged). */
  async list(
    agency: string,
    query: { status?: ApprovalStatus; indicator?: string; period?: string; limit?: number; cursor?: string },
  ): Promise<ApprovalPage> {
    const status = query.status ?? 'pending';
    const scope = this.approvers.scopeOf(agency);
    if (scope.length === 0) {
      pageQuery(query); // a malformed cursor is refused even when there is nothing to list
      return { agency, status, data: [], nextCursor: null };
    }
    return page(agency, status, query, (q) => this.queue.queue(scope, { status, ...q }));
  }

  /** The values `agency` reported that their approvers returned: what its reporters have to correct. */
  returnedTo(
    agency: string,
    query: { indicator?: string; period?: string; limit?: number; cursor?: string },
  ): Promise<ApprovalPage> {
    return page(agency, 'returned', query, (q) => this.queue.returnedTo(agency, q));
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
      const rows = await lockCells(
        m,
        cells.map((c) => ({ indicatorCode: c.ref.indicatorCode, orgUnitId: c.orgUnitId, period: c.ref.period })),
      );
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
      await setApprovalState(
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
      const now = this.clock.now();
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
    reportedAt: r.reported_at.toISOString(),
    approvalStatus: r.approval_status,
    approvalReason: r.approval_reason,
    approvalChangedBy: r.approval_changed_by,
    approvalChangedAt: r.approval_changed_at === null ? null : r.approval_changed_at.toISOString(),
  };
}

/** A page's query in the repository's terms: the filters, the keyset after the cursor, one row more than asked. */
function pageQuery(query: { indicator?: string; period?: string; limit?: number; cursor?: string }) {
  const after = query.cursor === undefined ? null : decodeApprovalCursor(query.cursor);
  if (query.cursor !== undefined && !after) {
    throw new DomainException(
      DomainErrorKind.INVALID_INPUT,
      'INVALID_CURSOR',
      'cursor is not one this endpoint returned',
    );
  }
  return { indicator: query.indicator ?? null, period: query.period ?? null, after, rows: (query.limit ?? 100) + 1 };
}

/** One page of cells, read by `read` with one row more than the page, and the cursor of the next. */
async function page(
  agency: string,
  status: ApprovalStatus,
  query: { indicator?: string; period?: string; limit?: number; cursor?: string },
  read: (q: ReturnType<typeof pageQuery>) => Promise<ApprovalQueueRow[]>,
): Promise<ApprovalPage> {
  const q = pageQuery(query);
  const limit = q.rows - 1;
  const rows = await read(q);
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    agency,
    status,
    data: shown.map(view),
    nextCursor:
      rows.length > limit && last
        ? encodeApprovalCursor({ indicatorCode: last.indicator_code, period: last.period, orgUnitId: last.org_unit_id })
        : null,
  };
}
