/**
 * A report that passed every catalogue rule (intake/report-check.ts), ready to be stored. Numbers are decimal
 * strings for exact SQL. Declared here, where it is stored, so the intake depends on the aggregates and not the
 * other way round.
 */
export interface AcceptedReport {
  eventSource: string;
  eventId: string;
  agencyCode: string;
  /** Where it came in: the agency's topic, or `rest` / `xlsx`. */
  topic: string;
  indicatorCode: string;
  orgUnitId: number;
  period: string;
  periodEnd: string;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  reportedAt: string;
}

/** The identity of a report: its (trusted) source and its event id. */
export function reportKey(report: Pick<AcceptedReport, 'eventSource' | 'eventId'>): string {
  return `${report.eventSource}\u0000${report.eventId}`;
}
