import { DomainErrorKind, DomainException } from '@dxhub/http';

/** Which report of each cell a figure is built from. */
export const AGGREGATE_VIEWS = ['current', 'first-published'] as const;
export type AggregateViewName = (typeof AGGREGATE_VIEWS)[number];

/** Which values count by their approval state. */
export const APPROVAL_FILTERS = ['all', 'approved'] as const;
export type ApprovalFilter = (typeof APPROVAL_FILTERS)[number];

/** Over which hierarchy the org units of a period are read. */
export const HIERARCHIES = ['as-of-period', 'restated'] as const;
export type Hierarchy = (typeof HIERARCHIES)[number];

/**
 * The cells a figure is built from, one per (org unit, period):
 * - `current`: the value that counts now (indicator_values), optionally only the approved ones;
 * - `first-published`: each cell's first accepted report, before any correction;
 * - `known-at`: each cell's winning report (latest reported time, then latest arrival) among those received by then.
 * `receivedBy` limits first-published cells to reports received by then too.
 */
export type CellSource =
  | { kind: 'current'; approvedOnly: boolean }
  | { kind: 'first-published'; receivedBy: string | null }
  | { kind: 'known-at'; receivedBy: string };

/** A reader's choice of view, validated, as the response names it. */
export interface ViewSelection {
  view: AggregateViewName;
  asOf: string | null;
  status: ApprovalFilter;
  hierarchy: Hierarchy;
  source: CellSource;
}

/**
 * Checks a combination of view parameters and names the cells it reads. Approval state belongs to the
 * current value of a cell, so `status=approved` reads the current values only: with a past view it has no
 * meaning and is refused rather than ignored.
 */
export function selectView(params: {
  view?: string;
  asOf?: string;
  status?: string;
  hierarchy?: string;
}): ViewSelection {
  const view = (params.view ?? 'current') as AggregateViewName;
  const status = (params.status ?? 'all') as ApprovalFilter;
  const hierarchy = (params.hierarchy ?? 'as-of-period') as Hierarchy;
  const asOf = params.asOf === undefined ? null : new Date(params.asOf);
  if (asOf !== null && Number.isNaN(asOf.getTime())) {
    throw invalid(
      'INVALID_AS_OF',
      `asOf must be an ISO 8601 timestamp such as 2025-01-31T00:00:00Z, not '${params.asOf}'`,
    );
  }
  const receivedBy = asOf?.toISOString() ?? null;
  if (status === 'approved' && (view !== 'current' || receivedBy !== null)) {
    throw invalid(
      'APPROVAL_FILTER_NEEDS_CURRENT_VIEW',
      'status=approved counts the approved current values; it cannot be combined with view=first-published or asOf ' +
        '(approval is recorded for the value that counts now, not for earlier reports)',
    );
  }
  let source: CellSource;
  if (view === 'first-published') source = { kind: 'first-published', receivedBy };
  else if (receivedBy !== null) source = { kind: 'known-at', receivedBy };
  else source = { kind: 'current', approvedOnly: status === 'approved' };
  return { view, asOf: receivedBy, status, hierarchy, source };
}

function invalid(code: string, message: string): DomainException {
  return new DomainException(DomainErrorKind.INVALID_INPUT, code, message);
}
