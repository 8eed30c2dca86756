/*
 * Consumer-side shapes of the events the rules read. They belong to other services (tasks, indicators,
 * reporting); we read only the fields below and tolerate any others, so a producer adding a field breaks
 * nothing.
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

/*
 * The indicators service's events the rules read are typed by their payload classes in libs/contracts
 * (IndicatorValueAwaitingApprovalV1, IndicatorValueReturnedV1, ObligationDueSoonV1, ObligationOverdueV1,
 * IndicatorOffTrackV1, IndicatorBackOnTrackV1). In each, `agency` is the agency that must act: the approving
 * agency for awaiting-approval, the reporting agency for returned, the owing agency (a merged agency's
 * successor) for obligations, the indicator's responsible agency today for off-track and back-on-track.
 * tests/contracts/notifications-rules.contract.spec.ts feeds every catalogue example of these types through the rules.
 */

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
