import type { IsoDate } from '@dxhub/calendar';
import { isOnTime } from './obligation-schedule';

/** One report an obligation expects: an indicator for an org unit version and period, and whether it came. */
export interface ExpectedReport {
  obligationCode: string;
  /** The agency owing it (the obligation's agency, or its successor on the period's last day). */
  agency: string;
  indicatorCode: string;
  orgUnitId: number;
  orgUnitCode: string;
  period: string;
  dueDate: IsoDate;
  /** Codes of the org unit and its ancestors in the hierarchy of the period's last day, the unit first. */
  lineage: string[];
  /** The Vietnamese date the first report for the cell arrived, or null while none has. */
  receivedOn: IsoDate | null;
}

/** Completeness (received / expected) and timeliness (on time / expected) of a set of expected reports. */
export interface ReportCounts {
  expectedReports: number;
  receivedReports: number;
  onTimeReports: number;
  /** Percent with 10 decimals, as a string (exact to that scale); null when nothing is expected. */
  completeness: string | null;
  timeliness: string | null;
}

const SCALE = 10;

/**
 * `part / whole × 100` rounded half up to 10 decimals, exactly (integer arithmetic, like numeric's round(…, 10)),
 * so 12 of 26 is "46.1538461538" however it is summed; null for an empty whole.
 */
export function exactPercent(part: number, whole: number): string | null {
  if (whole === 0) return null;
  const unit = 10n ** BigInt(SCALE);
  const scaled = (BigInt(part) * 100n * unit * 2n + BigInt(whole)) / (BigInt(whole) * 2n);
  const digits = scaled.toString().padStart(SCALE + 1, '0');
  return `${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`;
}

/** Sums of the reports (numerators and denominators are counts: the ratios are sum over sum, never a mean of ratios). */
export function countReports(reports: readonly ExpectedReport[]): ReportCounts {
  const received = reports.filter((r) => r.receivedOn !== null);
  const onTime = received.filter((r) => isOnTime(r.receivedOn as IsoDate, r.dueDate));
  return {
    expectedReports: reports.length,
    receivedReports: received.length,
    onTimeReports: onTime.length,
    completeness: exactPercent(received.length, reports.length),
    timeliness: exactPercent(onTime.length, reports.length),
  };
}

/** Counts per key, in key order. */
export function countReportsBy(
  reports: readonly ExpectedReport[],
  keyOf: (report: ExpectedReport) => string,
): { key: string; counts: ReportCounts }[] {
  const groups = new Map<string, ExpectedReport[]>();
  for (const r of reports) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, group]) => ({ key, counts: countReports(group) }));
}

/**
 * The reports that roll up into `orgUnitCode`: those of the unit and of every unit under it in the hierarchy of
 * each report's period, split into the unit's own and each child's (the unit directly below it in the lineage).
 */
export function rollUp(
  reports: readonly ExpectedReport[],
  orgUnitCode: string,
): { total: ReportCounts; own: ReportCounts | null; children: { orgUnitCode: string; counts: ReportCounts }[] } {
  const under = reports.filter((r) => r.lineage.includes(orgUnitCode));
  const own = under.filter((r) => r.orgUnitCode === orgUnitCode);
  const below = under.filter((r) => r.orgUnitCode !== orgUnitCode);
  const childOf = (r: ExpectedReport) => r.lineage[r.lineage.indexOf(orgUnitCode) - 1];
  return {
    total: countReports(under),
    own: own.length > 0 ? countReports(own) : null,
    children: countReportsBy(below, childOf).map(({ key, counts }) => ({ orgUnitCode: key, counts })),
  };
}

/** Codes of the org units with at least one expected report missing, sorted. */
export function missingOrgUnitCodes(reports: readonly ExpectedReport[]): string[] {
  return [...new Set(reports.filter((r) => r.receivedOn === null).map((r) => r.orgUnitCode))].sort();
}
