/*
 * Consumer-side shapes of the events the rules read. They belong to other services (tasks, indicators,
 * reporting); we read only the fields below and tolerate any others, so a producer adding a field breaks
 * nothing. Kept here, not in libs/contracts, until the producers publish their payload classes.
 */

/** Topics the rules engine consumes (logical names, without KAFKA_TOPIC_PREFIX). */
export const CONSUMED_TOPICS = ['dx.tasks.events', 'dx.indicators.events', 'dx.reporting.events'] as const;

/** Fields every dx.task.* event carries. */
export interface TaskEventData {
  taskId: string;
  code: string;
  titleVi: string;
  titleEn: string;
  state?: string;
  leadAgency: string;
  coordinatingAgencies?: string[];
  reviewerAgency?: string;
  dueDate?: string;
  progressPercent?: number;
  occurredAt?: string;
  /** dx.task.returned */
  reason?: string;
  /** dx.task.due-soon */
  workingDaysLeft?: number;
  /** dx.task.overdue */
  workingDaysOverdue?: number;
  /** dx.task.escalated */
  level?: number;
  escalatedTo?: string;
}

/** dx.indicator-value.awaiting-approval / .returned, dx.indicator.off-track / back-on-track. */
export interface IndicatorEventData {
  indicatorCode: string;
  orgUnitCode?: string;
  period?: string;
  agency: string;
  reason?: string;
  value?: number;
  target?: number;
}

/** dx.obligation.due-soon / .overdue: a reporting obligation of an agency for a period. */
export interface ObligationEventData {
  agency: string;
  indicatorCode?: string;
  period: string;
  periodType?: string;
  dueDate?: string;
  workingDaysLeft?: number;
  workingDaysOverdue?: number;
}

/** dx.report.published */
export interface ReportPublishedData {
  reportId: string;
  titleVi: string;
  titleEn: string;
  period?: string;
  periodType?: string;
  /** Path of the report on the reporting service. */
  href?: string;
}
