/*
 * What the programme-office screens read from the services, typed as the services answer it, and the few
 * calculations they share (the programme tree, report ratios). No React here.
 */

import { get } from '../../api/client';

export type TaskState = 'DRAFT' | 'ASSIGNED' | 'IN_PROGRESS' | 'SUBMITTED' | 'APPROVED' | 'CANCELLED';
export type NodeKind = 'resolution' | 'goal' | 'group' | 'task' | 'subtask';

/** GET tasks /v1/programme: one node with its children. */
export interface ProgrammeNode {
  id: string;
  code: string;
  kind: NodeKind;
  parentCode: string | null;
  titleVi: string;
  titleEn: string;
  weight: number;
  state: TaskState | null;
  leadAgency: string | null;
  coordinatingAgencies: string[];
  reviewerAgency: string | null;
  dueDate: string | null;
  progressSource: string;
  progressPercent: number;
  estimateWorkingDays: number | null;
  children: ProgrammeNode[];
}

/** GET tasks /v1/tasks/graph. */
export interface TaskGraph {
  asOf: string;
  nodes: {
    code: string;
    state: TaskState;
    leadAgency: string;
    dueDate: string;
    remainingWorkingDays: number;
    earliestFinish: string;
    blockedBy: string[];
    blocks: string[];
  }[];
  edges: { from: string; to: string }[];
  criticalPaths: {
    goal: string;
    path: string[];
    remainingWorkingDays: number;
    projectedFinish: string;
    dueDate: string;
    slackWorkingDays: number;
  }[];
  blocking: { agency: string; blocks: { task: string; blockedTask: string; blockedAgency: string }[] }[];
}

export interface OrgUnit {
  code: string;
  nameVi: string;
  nameEn?: string | null;
  type: string;
  level: number;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
}

/** Counts of reports owed; the ratios are computed from them (sums over sums), never averaged. */
export interface ReportCounts {
  expectedReports: number;
  receivedReports: number;
  onTimeReports: number;
}

/** GET indicators /v1/obligations/completeness (the services' ratios are percent strings; we recompute). */
export interface CompletenessView extends ReportCounts {
  orgUnit: { code: string; nameVi: string };
  period: string;
  agency: string | null;
  obligation: string | null;
  own: ReportCounts;
  children: (ReportCounts & { orgUnitCode: string })[];
  byAgency: (ReportCounts & { agency: string })[];
  byPeriod: (ReportCounts & { period: string; dueDate: string })[];
}

/** A lock the programme office put on a period by hand. */
export interface ManualLock {
  id: string;
  reason: string;
  lockedBy: string;
  agency: string;
  lockedAt: string;
}

/** GET indicators /v1/period-locks/:period. */
export interface PeriodLock {
  period: string;
  closingRule: string | null;
  lastReportingDay: string | null;
  /** Closed by its rule or by a manual lock. */
  closed: boolean;
  openUntil: string | null;
  acceptsReports: boolean;
  /** The latest manual lock until now (a re-opening granted after it may hold); null when none. */
  manualLock: ManualLock | null;
  /** Every manual lock, newest first. */
  manualLocks: ManualLock[];
  reopenings: {
    id: string;
    period: string;
    reason: string;
    openUntil: string;
    openedBy: string;
    agency: string;
    openedAt: string;
  }[];
}

/** GET reporting /v1/reports. */
export interface ReportSummary {
  reportId: string;
  kind: 'YEARLY' | 'HALF_YEARLY' | 'QUARTERLY' | 'MONTHLY' | string;
  period: string;
  orgUnitCode: string;
  windowStart: string;
  windowEnd: string;
  trigger: 'on-demand' | 'scheduled' | string;
  generatedAt: string;
  href: string;
}

/* ------------------------------------------------------------------ the programme tree */

export const OPEN_STATES: readonly TaskState[] = ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'];
export const DONE_STATES: readonly TaskState[] = ['APPROVED', 'CANCELLED'];

export const isTaskNode = (n: { kind: NodeKind }) => n.kind === 'task' || n.kind === 'subtask';

/** The node itself, without its subtree. */
export function withoutChildren(n: ProgrammeNode): Omit<ProgrammeNode, 'children'> {
  const copy: Partial<ProgrammeNode> = { ...n };
  delete copy.children;
  return copy as Omit<ProgrammeNode, 'children'>;
}

/** Every node of the tree, parents before children. */
export function flatten(nodes: readonly ProgrammeNode[]): ProgrammeNode[] {
  const out: ProgrammeNode[] = [];
  const walk = (n: ProgrammeNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  nodes.forEach(walk);
  return out;
}

/* ------------------------------------------------------------------ ratios */

/** received / expected and on time / expected, as fractions; null when nothing is expected. */
export function ratios(c: ReportCounts): { completeness: number | null; timeliness: number | null } {
  return c.expectedReports > 0
    ? { completeness: c.receivedReports / c.expectedReports, timeliness: c.onTimeReports / c.expectedReports }
    : { completeness: null, timeliness: null };
}

/** Sums the counts (the only way ratios aggregate: sums of numerators over sums of denominators). */
export function sumCounts(rows: readonly ReportCounts[]): ReportCounts {
  return rows.reduce(
    (s, r) => ({
      expectedReports: s.expectedReports + r.expectedReports,
      receivedReports: s.receivedReports + r.receivedReports,
      onTimeReports: s.onTimeReports + r.onTimeReports,
    }),
    { expectedReports: 0, receivedReports: 0, onTimeReports: 0 },
  );
}

/* ------------------------------------------------------------------ lists */

/** Rows a page of the programme's tables shows. */
export const PAGE_SIZE = 10;

export const fetchProgramme = () => get<{ data: ProgrammeNode[] }>('tasks', '/v1/programme');
export const fetchTaskGraph = () => get<TaskGraph>('tasks', '/v1/tasks/graph');
export const fetchPeriods = () => get<string[]>('reporting', '/v1/periods');
export const fetchReports = () => get<ReportSummary[]>('reporting', '/v1/reports');
export const fetchPeriodLock = (period: string) => get<PeriodLock>('indicators', `/v1/period-locks/${period}`);
export const fetchCompleteness = (orgUnit: string, period: string, agency?: string) =>
  get<CompletenessView>('indicators', '/v1/obligations/completeness', { orgUnit, period, agency });

let province: Promise<string> | undefined;
/** The province's GSO code (the one level-1 unit), asked once per tab. */
export function loadProvince(): Promise<string> {
  province ??= get<{ data: OrgUnit[] }>('indicators', '/v1/org-units', { level: 1 }).then(
    (r) => r.data[0]?.code ?? '82',
    (error: unknown) => {
      province = undefined;
      throw error;
    },
  );
  return province;
}
