/*
 * ┌──────────────────────────────────────────────────────────────────────────┐
 * │ Event types are public API. Never rename one or change a payload in a    │
 * │ breaking way: add a new version (a new payload class) beside it.         │
 * └──────────────────────────────────────────────────────────────────────────┘
 */
import type { AgencyEventsRejectedV1 } from './agency-events-rejected/agency-events-rejected.v1';
import type { IndicatorAggregateApprovedV1 } from './indicator-aggregate-approved/indicator-aggregate-approved.v1';
import type { IndicatorAggregateUpdatedV1 } from './indicator-aggregate-updated/indicator-aggregate-updated.v1';
import type { IndicatorAggregatesUpdatedV1 } from './indicator-aggregates-updated/indicator-aggregates-updated.v1';
import type { IndicatorDefinedV1 } from './indicator-defined/indicator-defined.v1';
import type { IndicatorOffTrackV1 } from './indicator-off-track/indicator-off-track.v1';
import type { IndicatorBackOnTrackV1 } from './indicator-back-on-track/indicator-back-on-track.v1';
import type { IndicatorStandingsUpdatedV1 } from './indicator-standings-updated/indicator-standings-updated.v1';
import type { DtiScoreUpdatedV1 } from './dti-score-updated/dti-score-updated.v1';
import type { IndicatorValueReportedV1 } from './indicator-value-reported/indicator-value-reported.v1';
import type { IndicatorValueAwaitingApprovalV1 } from './indicator-value-awaiting-approval/indicator-value-awaiting-approval.v1';
import type { IndicatorValueApprovedV1 } from './indicator-value-approved/indicator-value-approved.v1';
import type { IndicatorValueReturnedV1 } from './indicator-value-returned/indicator-value-returned.v1';
import type { IndicatorValueReopenedV1 } from './indicator-value-reopened/indicator-value-reopened.v1';
import type { ObligationDueSoonV1 } from './obligation-due-soon/obligation-due-soon.v1';
import type { ObligationOpenedV1 } from './obligation-opened/obligation-opened.v1';
import type { ObligationOverdueV1 } from './obligation-overdue/obligation-overdue.v1';
import type { ObligationProgressUpdatedV1 } from './obligation-progress-updated/obligation-progress-updated.v1';
import type { OrgUnitDefinedV1 } from './org-unit-defined/org-unit-defined.v1';
import type { ReportPublishedV1 } from './report-published/report-published.v1';
import type { TaskAssignedV1 } from './task-assigned/task-assigned.v1';
import type { TaskStartedV1 } from './task-started/task-started.v1';
import type { TaskSubmittedV1 } from './task-submitted/task-submitted.v1';
import type { TaskReturnedV1 } from './task-returned/task-returned.v1';
import type { TaskApprovedV1 } from './task-approved/task-approved.v1';
import type { TaskCancelledV1 } from './task-cancelled/task-cancelled.v1';
import type { TaskDeadlineExtendedV1 } from './task-deadline-extended/task-deadline-extended.v1';
import type { TaskDueSoonV1 } from './task-due-soon/task-due-soon.v1';
import type { TaskOverdueV1 } from './task-overdue/task-overdue.v1';
import type { TaskEscalatedV1 } from './task-escalated/task-escalated.v1';
import type { TaskContributionCompletedV1 } from './task-contribution-completed/task-contribution-completed.v1';
import type { TaskProgressUpdatedV1 } from './task-progress-updated/task-progress-updated.v1';
import type { TaskProgressReportedV1 } from './task-progress-reported/task-progress-reported.v1';
import type { AgencyStream, ServiceTopic } from './topics';

export const EventTypes = {
  INDICATOR_VALUE_REPORTED: 'dx.indicator-value.reported',
  INDICATOR_AGGREGATE_UPDATED: 'dx.indicator-aggregate.updated',
  INDICATOR_AGGREGATES_UPDATED: 'dx.indicator-aggregates.updated',
  INDICATOR_AGGREGATE_APPROVED: 'dx.indicator-aggregate.approved',
  INDICATOR_DEFINED: 'dx.indicator.defined',
  INDICATOR_OFF_TRACK: 'dx.indicator.off-track',
  INDICATOR_BACK_ON_TRACK: 'dx.indicator.back-on-track',
  INDICATOR_STANDINGS_UPDATED: 'dx.indicator-standings.updated',
  DTI_SCORE_UPDATED: 'dx.dti-score.updated',
  ORG_UNIT_DEFINED: 'dx.org-unit.defined',
  REPORT_PUBLISHED: 'dx.report.published',
  TASK_PROGRESS_REPORTED: 'dx.task-progress.reported',
  TASK_ASSIGNED: 'dx.task.assigned',
  TASK_STARTED: 'dx.task.started',
  TASK_SUBMITTED: 'dx.task.submitted',
  TASK_RETURNED: 'dx.task.returned',
  TASK_APPROVED: 'dx.task.approved',
  TASK_CANCELLED: 'dx.task.cancelled',
  TASK_DEADLINE_EXTENDED: 'dx.task.deadline-extended',
  TASK_DUE_SOON: 'dx.task.due-soon',
  TASK_OVERDUE: 'dx.task.overdue',
  TASK_ESCALATED: 'dx.task.escalated',
  TASK_CONTRIBUTION_COMPLETED: 'dx.task.contribution-completed',
  TASK_PROGRESS_UPDATED: 'dx.task.progress-updated',
  INDICATOR_VALUE_AWAITING_APPROVAL: 'dx.indicator-value.awaiting-approval',
  INDICATOR_VALUE_APPROVED: 'dx.indicator-value.approved',
  INDICATOR_VALUE_RETURNED: 'dx.indicator-value.returned',
  INDICATOR_VALUE_REOPENED: 'dx.indicator-value.reopened',
  OBLIGATION_OPENED: 'dx.obligation.opened',
  OBLIGATION_DUE_SOON: 'dx.obligation.due-soon',
  OBLIGATION_OVERDUE: 'dx.obligation.overdue',
  OBLIGATION_PROGRESS_UPDATED: 'dx.obligation.progress-updated',
  AGENCY_EVENTS_REJECTED: 'dx.agency-events.rejected',
} as const;
export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

/** Links each event type to its payload class: a wrong payload for a type fails to compile. */
export interface EventPayloadMap {
  'dx.indicator-value.reported': IndicatorValueReportedV1;
  'dx.indicator-aggregate.updated': IndicatorAggregateUpdatedV1;
  'dx.indicator-aggregates.updated': IndicatorAggregatesUpdatedV1;
  'dx.indicator-aggregate.approved': IndicatorAggregateApprovedV1;
  'dx.indicator.defined': IndicatorDefinedV1;
  'dx.indicator.off-track': IndicatorOffTrackV1;
  'dx.indicator.back-on-track': IndicatorBackOnTrackV1;
  'dx.indicator-standings.updated': IndicatorStandingsUpdatedV1;
  'dx.dti-score.updated': DtiScoreUpdatedV1;
  'dx.org-unit.defined': OrgUnitDefinedV1;
  'dx.report.published': ReportPublishedV1;
  'dx.task-progress.reported': TaskProgressReportedV1;
  'dx.task.assigned': TaskAssignedV1;
  'dx.task.started': TaskStartedV1;
  'dx.task.submitted': TaskSubmittedV1;
  'dx.task.returned': TaskReturnedV1;
  'dx.task.approved': TaskApprovedV1;
  'dx.task.cancelled': TaskCancelledV1;
  'dx.task.deadline-extended': TaskDeadlineExtendedV1;
  'dx.task.due-soon': TaskDueSoonV1;
  'dx.task.overdue': TaskOverdueV1;
  'dx.task.escalated': TaskEscalatedV1;
  'dx.task.contribution-completed': TaskContributionCompletedV1;
  'dx.task.progress-updated': TaskProgressUpdatedV1;
  'dx.indicator-value.awaiting-approval': IndicatorValueAwaitingApprovalV1;
  'dx.indicator-value.approved': IndicatorValueApprovedV1;
  'dx.indicator-value.returned': IndicatorValueReturnedV1;
  'dx.indicator-value.reopened': IndicatorValueReopenedV1;
  'dx.obligation.opened': ObligationOpenedV1;
  'dx.obligation.due-soon': ObligationDueSoonV1;
  'dx.obligation.overdue': ObligationOverdueV1;
  'dx.obligation.progress-updated': ObligationProgressUpdatedV1;
  'dx.agency-events.rejected': AgencyEventsRejectedV1;
}
export type PayloadOf<T extends EventType> = EventPayloadMap[T];

export type EventRoute = { kind: 'agency'; stream: AgencyStream } | { kind: 'service'; topic: ServiceTopic };

export interface EventDefinition<T extends EventType = EventType> {
  type: T;
  version: number;
  payload: new () => PayloadOf<T>;
  route: EventRoute;
  /** Payload property whose value is the Kafka message key (ordering and partitioning). */
  keyProperty: keyof PayloadOf<T> & string;
  summary: string;
  description: string;
  /** A valid payload, shown in docs and used by tests to prove the docs are true. */
  example: PayloadOf<T>;
}

/** Every event type's definition: the type of EVENT_CATALOG. */
export type EventCatalog = { [T in EventType]: EventDefinition<T> };
