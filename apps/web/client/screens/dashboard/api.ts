import { get } from '../../api/client';
import { forgetAgencies } from '../../common/agencies';

/*
 * What the dashboard reads, in the services' own shapes: the reporting service's read models (scorecards,
 * league tables, agency performance, projections, the live stream) and the indicators service's catalogue,
 * hierarchy, obligations and explanations. Catalogue reads (org units, agencies, indicators: they change
 * rarely) are kept for the tab and dropped when the live stream says the catalogue changed.
 */

/** The province's GSO code: Tiền Giang until 2025-06-30, the merged Đồng Tháp from 2025-07-01 (DOMAIN.md). */
export const PROVINCE = '82';

export type Status = 'on-track' | 'within-tolerance' | 'off-track' | 'no-target' | 'no-data' | 'awaiting-judgement';

export interface IndicatorLine {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  pillar: string | null;
  subIndex: string | null;
  direction: string;
  value: number | null;
  target: number | null;
  targetYear: number | null;
  comparator: string | null;
  nationalAverage: number | null;
  achievement: number | null;
  status: Status;
  trend: { period: string; value: number | null }[];
  version: number | null;
  standingVersion: number | null;
  explain: string;
}

export interface ScoredPart {
  code: string;
  nameVi: string;
  nameEn: string;
  score: number | null;
  maxPoints: number;
  scored: number;
  indicators: number;
}

export interface Scorecard {
  orgUnit: { code: string; nameVi: string };
  period: string;
  framework: { code: string; decision: string; pointsInferred: boolean; formula: string };
  overall: { score: number | null; points: number | null; maxPoints: number; coverage: number };
  pillars: (ScoredPart & { indexes: string[] })[];
  indexes: (ScoredPart & { group: string; lines: IndicatorLine[] })[];
  other: IndicatorLine[];
}

export type LeagueBy = 'overall' | 'pillar' | 'index' | 'indicator';

export interface LeagueRow {
  orgUnitCode: string;
  orgUnitName: string;
  level: number;
  value: number | null;
  rank: number | null;
}

export interface LeagueTable {
  period: string;
  by: LeagueBy;
  code: string | null;
  parent: string | null;
  rows: LeagueRow[];
}

export interface OrgUnit {
  code: string;
  nameVi: string;
  type: string;
  level: number;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
}

export interface TargetDefinition {
  year: number;
  value: number;
  tolerance?: number;
  comparator?: string;
}

export interface IndicatorDefinition {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  pillar: string | null;
  subIndex: string | null;
  direction: string;
  periodType: string;
  aggregation: string;
  orgUnitAggregation: string;
  timeAggregation: string;
  targets: TargetDefinition[];
  baseline: { value: number; period: string } | null;
  nationalAverage: { year: number; value: number }[];
  responsibleAgency: string | null;
  source?: string;
  notes?: string;
}

export interface AgencyPerformance {
  agencyCode: string;
  expectedReports: number;
  receivedReports: number;
  onTimeReports: number;
  completeness: number | null;
  timeliness: number | null;
  tasks: number;
  tasksOnTime: number;
  overdueTasks: number;
  returnedTasks: number;
}

/** Report counts as the indicators service gives them: completeness and timeliness are percent decimal strings. */
export interface ReportCounts {
  expectedReports: number;
  receivedReports: number;
  onTimeReports: number;
  completeness: string | null;
  timeliness: string | null;
}

export interface Completeness extends ReportCounts {
  orgUnit: { code: string; nameVi: string };
  period: string;
  agency: string | null;
  obligation: string | null;
  own: ReportCounts;
  children: (ReportCounts & { orgUnitCode: string })[];
  byAgency: (ReportCounts & { agency: string })[];
  byPeriod?: (ReportCounts & { period: string; dueDate: string })[];
}

export interface Obligation {
  code: string;
  nameVi: string;
  nameEn: string;
  agencyCode: string;
  periodType: string;
  indicatorCodes: string[];
  orgUnitCodes: string[];
  coverage: string;
  dueAnchor: string;
  dueWorkingDays: number;
  validFrom: string | null;
  validTo: string | null;
}

export interface Contribution {
  orgUnitCode: string;
  orgUnitName: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  valueCount: number;
}

export interface ExplainedReport {
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  agencyCode: string;
  eventId: string;
  eventSource: string;
  reportedAt: string;
  receivedAt: string;
  channel: string;
  counted: boolean;
}

export interface Explanation {
  indicator: string;
  orgUnit: { code: string; nameVi: string };
  period: string;
  rules: { orgUnit: string; time: string | null; factor: number | null; reportedPeriodType: string };
  aggregate: {
    value: number | null;
    numerator: number;
    denominator: number;
    valueCount: number;
    unitCount: number;
    version: number;
    updatedAt: string;
  };
  own: Contribution | null;
  children: Contribution[];
  reports: ExplainedReport[];
  nextCursor: string | null;
}

export interface Projection {
  code: string;
  nameVi: string;
  nameEn: string;
  observations: { period: string; value: number }[];
  targets: {
    targetYear: number;
    target: number;
    comparator: string;
    projected: number | null;
    metAt: number | null;
    met: boolean;
    shortfall: number | null;
  }[];
}

/** One committed change of the read models, as GET /v1/stream pushes it. */
export interface LiveUpdate {
  kind: 'aggregates' | 'catalogue' | 'report' | 'tasks' | 'scores' | 'ping';
  aggregates?: {
    indicatorCode: string;
    orgUnitCode: string;
    orgUnitName?: string;
    period: string;
    value: number | null;
    version: number;
  }[];
  periods?: string[];
  reportId?: string;
}

export const fetchPeriods = () => get<string[]>('reporting', '/v1/periods');

export const fetchScorecard = (orgUnit: string, period: string) =>
  get<Scorecard>('reporting', '/v1/scorecard', { orgUnit, period });

export const fetchLeague = (query: { period: string; by: LeagueBy; code?: string; parent?: string; level?: number }) =>
  get<LeagueTable>('reporting', '/v1/league-table', query);

export const fetchAgencyPerformance = (period: string) =>
  get<AgencyPerformance[]>('reporting', '/v1/agency-performance', { period });

export const fetchProjections = (orgUnit: string) => get<Projection[]>('reporting', '/v1/projections', { orgUnit });

export const fetchCompleteness = (orgUnit: string, period: string, agency?: string) =>
  get<Completeness>('indicators', '/v1/obligations/completeness', { orgUnit, period, agency });

export const fetchObligations = (agency: string) =>
  get<{ data: Obligation[] }>('indicators', '/v1/obligations', { agency }).then((r) => r.data);

/** Reports per page of an explanation: the most the service gives (HISTORY_MAX_LIMIT). */
export const EXPLAIN_PAGE = 500;

export const fetchExplanation = (indicator: string, orgUnit: string, period: string, cursor?: string) =>
  get<Explanation>('indicators', '/v1/aggregates/explain', {
    indicator,
    orgUnit,
    period,
    limit: EXPLAIN_PAGE,
    cursor,
  });

const kept = new Map<string, Promise<unknown>>();

/** A catalogue read shared by every screen of the tab; a failed one is asked again next time. */
function keep<T>(key: string, load: () => Promise<T>): Promise<T> {
  let promise = kept.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = load();
    kept.set(key, promise);
    promise.catch(() => kept.delete(key));
  }
  return promise;
}

/** The live stream said the catalogue (indicators, org units, agencies) changed. */
export function forgetCatalogue(): void {
  kept.clear();
  forgetAgencies();
}

/** Org units in force on a day, each with its parent on that day. */
export const orgUnitsAt = (at: string) =>
  keep(`org-units@${at}`, () => get<{ data: OrgUnit[] }>('indicators', '/v1/org-units', { at }).then((r) => r.data));

/** The indicator catalogue as defined today (targets, baselines, national averages). */
export const catalogue = () =>
  keep('indicators', () => get<{ data: IndicatorDefinition[] }>('indicators', '/v1/indicators').then((r) => r.data));
