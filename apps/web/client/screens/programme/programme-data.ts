/*
 * What the programme-office screens read from the services, typed as the services answer it, and the few
 * calculations they share (periods, agencies, overdue tasks). No React here.
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

/** GET indicators /v1/agencies (every version, with successions). */
export interface Agency {
  code: string;
  nameVi: string;
  nameEn: string;
  kind: string;
  orgUnitCode: string | null;
  validFrom: string | null;
  validTo: string | null;
  successors: { code: string; effectiveFrom: string }[];
  predecessors: { code: string; effectiveFrom: string }[];
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

/** GET indicators /v1/period-locks/:period. */
export interface PeriodLock {
  period: string;
  closingRule: string | null;
  lastReportingDay: string | null;
  closed: boolean;
  openUntil: string | null;
  acceptsReports: boolean;
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

/* ------------------------------------------------------------------ catalogues kept for the tab's life */

let agencies: Promise<Agency[]> | undefined;

/** Every agency version (they change by decision, not by the minute): asked once per tab. */
export function loadAgencies(): Promise<Agency[]> {
  agencies ??= get<{ data: Agency[] }>('indicators', '/v1/agencies').then(
    (r) => r.data,
    (error: unknown) => {
      agencies = undefined;
      throw error;
    },
  );
  return agencies;
}

/** Agencies by code; of several versions of one code, the latest. */
export function agencyIndex(list: readonly Agency[]): Map<string, Agency> {
  const index = new Map<string, Agency>();
  for (const a of list) {
    const known = index.get(a.code);
    if (!known || (known.validTo !== null && (a.validTo === null || a.validTo > known.validTo))) index.set(a.code, a);
  }
  return index;
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

/* ------------------------------------------------------------------ periods (DHIS2 notation) */

export type PeriodType = 'YEARLY' | 'SIX_MONTHLY' | 'QUARTERLY' | 'MONTHLY';
export const PERIOD_TYPES: readonly PeriodType[] = ['YEARLY', 'SIX_MONTHLY', 'QUARTERLY', 'MONTHLY'];

export interface ParsedPeriod {
  id: string;
  type: PeriodType;
  year: number;
  /** 1-based half, quarter or month; 1 for a year. */
  index: number;
}

export function parsePeriod(id: string): ParsedPeriod | undefined {
  let m = /^(\d{4})$/.exec(id);
  if (m) return { id, type: 'YEARLY', year: Number(m[1]), index: 1 };
  m = /^(\d{4})S([12])$/.exec(id);
  if (m) return { id, type: 'SIX_MONTHLY', year: Number(m[1]), index: Number(m[2]) };
  m = /^(\d{4})Q([1-4])$/.exec(id);
  if (m) return { id, type: 'QUARTERLY', year: Number(m[1]), index: Number(m[2]) };
  m = /^(\d{4})(0[1-9]|1[0-2])$/.exec(id);
  if (m) return { id, type: 'MONTHLY', year: Number(m[1]), index: Number(m[2]) };
  return undefined;
}

/** The last calendar day of a period (YYYY-MM-DD). */
export function periodEnd(id: string): string | undefined {
  const p = parsePeriod(id);
  if (!p) return undefined;
  const lastMonth = { YEARLY: 12, SIX_MONTHLY: p.index * 6, QUARTERLY: p.index * 3, MONTHLY: p.index }[p.type];
  const day = new Date(Date.UTC(p.year, lastMonth, 0)).getUTCDate();
  return `${p.year}-${String(lastMonth).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A year and every half, quarter and month in it, in that order. */
export function periodsOfYear(year: number): string[] {
  return [
    String(year),
    `${year}S1`,
    `${year}S2`,
    ...[1, 2, 3, 4].map((q) => `${year}Q${q}`),
    ...Array.from({ length: 12 }, (_, i) => `${year}${String(i + 1).padStart(2, '0')}`),
  ];
}

/** Sorts periods by year, then year before halves before quarters before months, then by index. */
export function comparePeriods(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  if (!pa || !pb) return a.localeCompare(b);
  return pa.year - pb.year || PERIOD_TYPES.indexOf(pa.type) - PERIOD_TYPES.indexOf(pb.type) || pa.index - pb.index;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** "Quý III/2025" / "Q3 2025", "6 tháng đầu năm 2025" / "H1 2025", "Tháng 7/2025" / "July 2025". */
export function periodLabel(language: 'vi' | 'en', id: string): string {
  const p = parsePeriod(id);
  if (!p) return id;
  if (language === 'vi') {
    switch (p.type) {
      case 'YEARLY':
        return `Năm ${p.year}`;
      case 'SIX_MONTHLY':
        return `6 tháng ${p.index === 1 ? 'đầu' : 'cuối'} năm ${p.year}`;
      case 'QUARTERLY':
        return `Quý ${ROMAN[p.index - 1]}/${p.year}`;
      case 'MONTHLY':
        return `Tháng ${p.index}/${p.year}`;
    }
  }
  switch (p.type) {
    case 'YEARLY':
      return `Year ${p.year}`;
    case 'SIX_MONTHLY':
      return `H${p.index} ${p.year}`;
    case 'QUARTERLY':
      return `Q${p.index} ${p.year}`;
    case 'MONTHLY':
      return new Date(Date.UTC(p.year, p.index - 1, 1)).toLocaleDateString('en-GB', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });
  }
}

/** The period's name with its code when the name does not already say it: "Quý III/2025 (2025Q3)", "Năm 2025". */
export function periodText(language: 'vi' | 'en', id: string): string {
  const label = periodLabel(language, id);
  return label.includes(id) ? label : `${label} (${id})`;
}

/** Today in Vietnam (Asia/Ho_Chi_Minh), YYYY-MM-DD. */
export function vietnamToday(): string {
  return new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
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

/* ------------------------------------------------------------------ list helpers */

export const PAGE_SIZE = 10;

/** A page number from the address, at least 1. */
export function pageOf(value: string): number {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** Case- and accent-insensitive text match (a search for "so tai chinh" finds "Sở Tài chính"). */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

export function matches(query: string, ...texts: (string | null | undefined)[]): boolean {
  const q = fold(query.trim());
  return q === '' || texts.some((t) => t && fold(t).includes(q));
}
