/*
 * ┌──────────────────────────────────────────────────────────────────────────┐
 * │ Event types are public API. Never rename one or change a payload in a    │
 * │ breaking way: add a new version (a new payload class) beside it.         │
 * └──────────────────────────────────────────────────────────────────────────┘
 */
import { AgencyEventsRejectedV1 } from './agency-events-rejected/agency-events-rejected.v1';
import { IndicatorAggregateApprovedV1 } from './indicator-aggregate-approved/indicator-aggregate-approved.v1';
import { IndicatorAggregateUpdatedV1 } from './indicator-aggregate-updated/indicator-aggregate-updated.v1';
import { IndicatorAggregatesUpdatedV1 } from './indicator-aggregates-updated/indicator-aggregates-updated.v1';
import { IndicatorDefinedV1 } from './indicator-defined/indicator-defined.v1';
import { IndicatorOffTrackV1 } from './indicator-off-track/indicator-off-track.v1';
import { IndicatorBackOnTrackV1 } from './indicator-back-on-track/indicator-back-on-track.v1';
import { DtiScoreUpdatedV1 } from './dti-score-updated/dti-score-updated.v1';
import { IndicatorValueReportedV1 } from './indicator-value-reported/indicator-value-reported.v1';
import { IndicatorValueAwaitingApprovalV1 } from './indicator-value-awaiting-approval/indicator-value-awaiting-approval.v1';
import { IndicatorValueApprovedV1 } from './indicator-value-approved/indicator-value-approved.v1';
import { IndicatorValueReturnedV1 } from './indicator-value-returned/indicator-value-returned.v1';
import { IndicatorValueReopenedV1 } from './indicator-value-reopened/indicator-value-reopened.v1';
import { ObligationDueSoonV1 } from './obligation-due-soon/obligation-due-soon.v1';
import { ObligationOpenedV1 } from './obligation-opened/obligation-opened.v1';
import { ObligationOverdueV1 } from './obligation-overdue/obligation-overdue.v1';
import { OrgUnitDefinedV1 } from './org-unit-defined/org-unit-defined.v1';
import { ReportPublishedV1 } from './report-published/report-published.v1';
import { TaskAssignedV1 } from './task-assigned/task-assigned.v1';
import { TaskStartedV1 } from './task-started/task-started.v1';
import { TaskSubmittedV1 } from './task-submitted/task-submitted.v1';
import { TaskReturnedV1 } from './task-returned/task-returned.v1';
import { TaskApprovedV1 } from './task-approved/task-approved.v1';
import { TaskCancelledV1 } from './task-cancelled/task-cancelled.v1';
import { TaskDeadlineExtendedV1 } from './task-deadline-extended/task-deadline-extended.v1';
import { TaskDueSoonV1 } from './task-due-soon/task-due-soon.v1';
import { TaskOverdueV1 } from './task-overdue/task-overdue.v1';
import { TaskEscalatedV1 } from './task-escalated/task-escalated.v1';
import { TaskContributionCompletedV1 } from './task-contribution-completed/task-contribution-completed.v1';
import { TaskProgressUpdatedV1 } from './task-progress-updated/task-progress-updated.v1';
import { TaskProgressReportedV1 } from './task-progress-reported/task-progress-reported.v1';
import { AgencyStreams, type AgencyStream, ServiceTopics, type ServiceTopic } from './topics';

export const EventTypes = {
  INDICATOR_VALUE_REPORTED: 'dx.indicator-value.reported',
  INDICATOR_AGGREGATE_UPDATED: 'dx.indicator-aggregate.updated',
  INDICATOR_AGGREGATES_UPDATED: 'dx.indicator-aggregates.updated',
  INDICATOR_AGGREGATE_APPROVED: 'dx.indicator-aggregate.approved',
  INDICATOR_DEFINED: 'dx.indicator.defined',
  INDICATOR_OFF_TRACK: 'dx.indicator.off-track',
  INDICATOR_BACK_ON_TRACK: 'dx.indicator.back-on-track',
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

/** The province's figure in the examples of the aggregate events. */
const PROVINCE_AGGREGATE_EXAMPLE: IndicatorAggregateUpdatedV1 = {
  indicatorCode: 'FIBRE_HH',
  orgUnitCode: '82',
  orgUnitName: 'Tỉnh Tiền Giang',
  period: '2024',
  aggregation: 'RATIO',
  value: 71.25,
  numerator: 285000,
  denominator: 400000,
  valueCount: 11,
  version: 7,
  updatedAt: '2025-01-15T03:04:05.000Z',
};

const TASK_EVENT_DESCRIPTION =
  'Written by the tasks service through its outbox in the same transaction as the change, keyed by `taskId`; the ' +
  'payload carries the task as it stands after the change. A crash may deliver an event twice: dedupe on `ce_id`.';

const TASK_EXAMPLE = {
  taskId: '3f1c2a4e-8b7d-4c6e-9a1f-2b3c4d5e6f70',
  code: 'G4.T2',
  titleVi: 'Xây dựng Trung tâm giám sát, điều hành đô thị thông minh (IOC) cấp tỉnh',
  titleEn: 'Build the provincial Intelligent Operations Centre (IOC)',
  leadAgency: 'SKHCN',
  coordinatingAgencies: ['VPUBND', 'STC'],
  reviewerAgency: 'SKHCN',
  dueDate: '2026-12-31',
  progressPercent: 60,
  occurredAt: '2026-11-27T03:04:05.000Z',
};

const TARGET_EVENT_DESCRIPTION =
  'Written by the indicators service in the transaction that changed the aggregate, keyed by `indicatorCode`, when ' +
  'its status against the target path changes to or from off-track (on-track ↔ within-tolerance is stored, not ' +
  'published). The path runs from the baseline through the yearly targets, linear by days, read at the ' +
  'period’s last day; `agency` is the responsible agency today, following successions. Dedupe on `ce_id`.';

const TARGET_EXAMPLE = {
  indicatorCode: 'FIBRE_HH',
  orgUnitCode: '816',
  orgUnitName: 'Thành phố Gò Công',
  period: '2024S2',
  agency: 'SKHCN',
  target: 75,
  targetYear: 2025,
  comparator: '>',
  tolerance: 2,
  aggregateVersion: 4,
  evaluatedAt: '2026-11-27T03:04:05.000Z',
};

const APPROVAL_EVENT_DESCRIPTION =
  'Data approval (DHIS2’s term): the current value of each cell (indicator, org unit, period) is pending until ' +
  'its approving agency approves it or returns it with a reason. Written by the indicators service through its ' +
  'outbox in the transaction of the change, keyed by `indicatorCode`; `agency` is the agency the event is ' +
  'addressed to. A crash may deliver an event twice: dedupe on `ce_id`.';

const APPROVAL_EXAMPLE = {
  indicatorCode: 'BTS_COUNT',
  period: '2026S2',
  approvingAgency: 'SKHCN',
  reportingAgency: 'SKHCN',
  occurredAt: '2026-11-27T03:04:05.000Z',
};

const APPROVAL_CELL_EXAMPLE = { ...APPROVAL_EXAMPLE, orgUnitCode: '28249', reportId: '1042', value: 12 };

const OBLIGATION_EVENT_DESCRIPTION =
  'Written by the indicators service’s obligation scheduler through its outbox, once per obligation, period and ' +
  'kind (a table of what was emitted makes it so across runs, replicas and restarts), keyed by `obligationCode`. ' +
  '`agency` is the agency that owes the period: the obligation’s own or, after a merger, its successor on the ' +
  'period’s last day (STTTT’s obligations for periods ending from 2025-03-01 are owed by SKHCN). Days are ' +
  'Vietnamese calendar days; working days skip weekends and public holidays. Dedupe on `ce_id`.';

const OBLIGATION_EXAMPLE = {
  obligationCode: 'TCNSCD_TEAMS',
  nameVi: 'Báo cáo Số Tổ công nghệ số cộng đồng',
  nameEn: 'Report: Community digital-technology teams',
  agency: 'SKHCN',
  declaredAgency: 'STTTT',
  indicatorCode: 'TCNSCD_TEAMS',
  indicatorCodes: ['TCNSCD_TEAMS'],
  period: '202602',
  periodType: 'MONTHLY' as const,
  orgUnitCodes: ['82'],
  dueDate: '2026-02-24',
  expectedReports: 103,
  receivedReports: 97,
  occurredAt: '2026-02-25T00:00:05.000Z',
};

export const EVENT_CATALOG: { [T in EventType]: EventDefinition<T> } = {
  'dx.indicator-value.reported': {
    type: EventTypes.INDICATOR_VALUE_REPORTED,
    version: 1,
    payload: IndicatorValueReportedV1,
    route: { kind: 'agency', stream: AgencyStreams.INDICATOR_VALUES },
    keyProperty: 'indicatorCode',
    summary: 'An agency reports one indicator value for one org unit and period.',
    description:
      'Send `value` for SUM, AVERAGE, MIN, MAX and LAST indicators, or `numerator` and `denominator` ' +
      '(not negative, and positive) for RATIO indicators. A later report (by `ce_time`, then arrival) for the ' +
      'same indicator, org unit and period replaces the earlier one; the same `ce_id` counts once. ' +
      '`ce_source` must be `/agencies/<code>` of the agency whose topic it is. Invalid events go to ' +
      '`<topic>.dlq` with the original bytes and a `dx_dlq_reason` header.',
    example: { indicatorCode: 'BTS_STATIONS', orgUnitCode: '815', period: '2024', value: 412 },
  },
  'dx.indicator-aggregate.updated': {
    type: EventTypes.INDICATOR_AGGREGATE_UPDATED,
    version: 1,
    payload: IndicatorAggregateUpdatedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary:
      'The aggregate of an indicator over an org unit and period changed (superseded: read, no longer published).',
    description:
      'Covers the org unit’s own values and those of all its descendants in the hierarchy valid at the end ' +
      'of the period. RATIO aggregates are the sum of numerators over the sum of denominators times the ' +
      "indicator's factor. Keep the highest `version` per (indicator, org unit, period). The service now " +
      'publishes aggregate changes together as `dx.indicator-aggregates.updated`; readers still take this type, ' +
      'which the topic’s history holds (aggregateUpdatesOf reads both).',
    example: PROVINCE_AGGREGATE_EXAMPLE,
  },
  'dx.indicator-aggregates.updated': {
    type: EventTypes.INDICATOR_AGGREGATES_UPDATED,
    version: 1,
    payload: IndicatorAggregatesUpdatedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary:
      'Aggregates of one indicator that one write changed, each as `dx.indicator-aggregate.updated` describes it.',
    description:
      'Written by the indicators service in the transaction that moved the aggregates: for each indicator, up to ' +
      '1,000 changed aggregates per event (its org unit’s, the units above it, the coarser periods), each with the id ' +
      'that names that change (`aggregate:<indicator>:<org unit id>:<period>:v<version>`). Keep the highest ' +
      '`version` per (indicator, org unit, period); an aggregate can be in several events of a batch, or again after ' +
      'a crash.',
    example: {
      indicatorCode: 'FIBRE_HH',
      aggregates: [
        { id: 'aggregate:FIBRE_HH:1:2024:v7', ...PROVINCE_AGGREGATE_EXAMPLE },
        {
          ...PROVINCE_AGGREGATE_EXAMPLE,
          id: 'aggregate:FIBRE_HH:12:2024:v3',
          orgUnitCode: '815',
          orgUnitName: 'Thành phố Mỹ Tho',
          value: 80,
          numerator: 40000,
          denominator: 50000,
          valueCount: 3,
          version: 3,
        },
      ],
    },
  },
  'dx.indicator-aggregate.approved': {
    type: EventTypes.INDICATOR_AGGREGATE_APPROVED,
    version: 1,
    payload: IndicatorAggregateApprovedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'The approved-only figure of an indicator over an org unit and period changed.',
    description:
      'The aggregate as `dx.indicator-aggregate.updated` describes it, counting only approved values: published ' +
      'when a value under it is approved, returned, or goes back to pending because a late correction replaced ' +
      'it. This is the figure to publish as official or open data. Keep the highest `version` per ' +
      "(indicator, org unit, period); its versions are its own, not the all-values aggregate's.",
    example: {
      indicatorCode: 'FIBRE_HH',
      orgUnitCode: '82',
      orgUnitName: 'Tỉnh Tiền Giang',
      period: '2024',
      aggregation: 'RATIO',
      value: 70.5,
      numerator: 253800,
      denominator: 360000,
      valueCount: 9,
      version: 3,
      updatedAt: '2025-01-20T03:04:05.000Z',
    },
  },
  'dx.indicator.defined': {
    type: EventTypes.INDICATOR_DEFINED,
    version: 1,
    payload: IndicatorDefinedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'code',
    summary: 'A version of an indicator’s definition was added, or the indicator was deleted.',
    description:
      'The catalogue as readers outside the indicators service know it: names in Vietnamese and English, ' +
      'unit, pillar and sub-index, rules over org units and time, period type, direction, baseline, targets ' +
      'with their tolerance, national average, responsible agency and bounds. Every version is published ' +
      '(keep them by `code` and `effectiveFrom`); `revision` grows with each event about a code.',
    example: {
      code: 'FIBRE_HH',
      effectiveFrom: null,
      definition: {
        code: 'FIBRE_HH',
        nameVi: 'Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang',
        nameEn: 'Households with fibre broadband',
        unit: '%',
        pillar: 'XHS',
        aggregation: 'RATIO',
        periodType: 'SIX_MONTHLY',
        direction: 'HIGHER_IS_BETTER',
        targets: [{ year: 2025, value: 80, comparator: '>', tolerance: 2 }],
      },
      active: true,
      revision: 1,
      publishedAt: '2026-11-27T03:04:05.000Z',
    },
  },
  'dx.indicator.off-track': {
    type: EventTypes.INDICATOR_OFF_TRACK,
    version: 1,
    payload: IndicatorOffTrackV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'An aggregate fell below its target path by more than the tolerance.',
    description: TARGET_EVENT_DESCRIPTION,
    example: { ...TARGET_EXAMPLE, value: 61, achievement: 81.33, status: 'off-track', previousStatus: 'on-track' },
  },
  'dx.indicator.back-on-track': {
    type: EventTypes.INDICATOR_BACK_ON_TRACK,
    version: 1,
    payload: IndicatorBackOnTrackV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'An off-track aggregate is on track, or within the tolerance, again.',
    description: TARGET_EVENT_DESCRIPTION,
    example: { ...TARGET_EXAMPLE, value: 76, achievement: 101.33, status: 'on-track', previousStatus: 'off-track' },
  },
  'dx.dti-score.updated': {
    type: EventTypes.DTI_SCORE_UPDATED,
    version: 1,
    payload: DtiScoreUpdatedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'orgUnitCode',
    summary: 'The DTI-style scores of an org unit for a year changed.',
    description:
      'Achievements of the org unit’s yearly aggregates (capped at 100 %) averaged per main index, weighted by ' +
      'the index points of the provincial DTI framework in force for the year into pillar and overall scores ' +
      '(0–1, 4 decimals). Indexes without data are left out; `coverage` says how much of the total had data. ' +
      'Written in the transaction that changed an achievement; keep the highest `version` per (org unit, period).',
    example: {
      orgUnitCode: '82',
      orgUnitName: 'Tỉnh Tiền Giang',
      period: '2024',
      framework: 'DTI-2025',
      decision: 'QĐ 405/QĐ-BKHCN',
      pointsInferred: true,
      points: 912.5,
      coverage: 0.4,
      parts: [
        { code: 'DTI', kind: 'overall', score: 0.9125, maxPoints: 1000, scored: 4, indicators: 4 },
        { code: 'CQS', kind: 'pillar', score: 0.9125, maxPoints: 600, scored: 4, indicators: 4 },
        { code: 'HT', kind: 'index', score: 0.95, maxPoints: 100, scored: 2, indicators: 2 },
        { code: 'HDCQS', kind: 'index', score: 0.9, maxPoints: 200, scored: 2, indicators: 2 },
      ],
      version: 3,
      updatedAt: '2025-01-15T03:04:05.000Z',
    },
  },
  'dx.org-unit.defined': {
    type: EventTypes.ORG_UNIT_DEFINED,
    version: 1,
    payload: OrgUnitDefinedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'code',
    summary: 'A version of an org unit, with its validity and its parents over time.',
    description:
      'The time-versioned hierarchy (province → district-level unit → commune) the aggregates follow: a ' +
      'figure for a period covers the units under an org unit on the period’s last day. One event per ' +
      'version; (code, validFrom) names it.',
    example: {
      code: '28249',
      nameVi: 'Phường Đạo Thạnh',
      type: 'Phường',
      level: 3,
      validFrom: '2025-07-01',
      validTo: null,
      parents: [{ parentCode: '82', validFrom: '2025-07-01', validTo: null }],
      publishedAt: '2026-11-27T03:04:05.000Z',
    },
  },
  'dx.report.published': {
    type: EventTypes.REPORT_PUBLISHED,
    version: 1,
    payload: ReportPublishedV1,
    route: { kind: 'service', topic: ServiceTopics.REPORTING_EVENTS },
    keyProperty: 'reportId',
    summary: 'A period report was frozen and published.',
    description:
      'A frozen snapshot of the scorecard of an org unit for a reporting period (monthly, quarterly, half-yearly, ' +
      'yearly) with the data window of the reporting regime (the 15th-to-14th cut-off rule). Generated on schedule ' +
      'after the cut-off date or on demand; `href` is its JSON, with CSV, XLSX and PDF exports under it.',
    example: {
      reportId: '5d0c6f2e-8a41-4f7e-9d55-0b0f1d2a3c4e',
      kind: 'HALF_YEARLY',
      titleVi: 'Báo cáo 6 tháng kỳ 2024S1 — Tỉnh Tiền Giang',
      titleEn: 'Half-yearly report 2024S1 — Tỉnh Tiền Giang',
      period: '2024S1',
      periodType: 'SIX_MONTHLY',
      orgUnitCode: '82',
      windowStart: '2023-12-15',
      windowEnd: '2024-06-14',
      trigger: 'scheduled',
      generatedAt: '2024-06-15T00:00:05.000Z',
      href: '/v1/reports/5d0c6f2e-8a41-4f7e-9d55-0b0f1d2a3c4e',
    },
  },
  'dx.task-progress.reported': {
    type: EventTypes.TASK_PROGRESS_REPORTED,
    version: 1,
    payload: TaskProgressReportedV1,
    route: { kind: 'agency', stream: AgencyStreams.TASK_PROGRESS },
    keyProperty: 'taskCode',
    summary: 'The lead agency of a task reports its progress.',
    description:
      'Only the task’s lead agency may report (others are dead-lettered with the rule `task-step-by-lead-agency`); ' +
      'a task that takes its progress from indicators or sub-tasks, or is not open, refuses reports. The same `ce_id` ' +
      'counts once. `ce_source` must be `/agencies/<code>` of the agency whose topic it is. Invalid events go to ' +
      '`<topic>.dlq` with the original bytes and a `dx_dlq_reason` header.',
    example: {
      taskCode: 'G4.T2',
      percent: 60,
      note: 'Đã kết nối 12/15 hệ thống',
      evidenceLinks: ['https://chuyendoiso.tiengiang.gov.vn/bao-cao/g4-t2'],
    },
  },
  'dx.task.assigned': {
    type: EventTypes.TASK_ASSIGNED,
    version: 1,
    payload: TaskAssignedV1,
    route: { kind: 'service', topic: ServiceTopics.TASKS_EVENTS },
    keyProperty: 'taskId',
    summary: 'A task was assigned to its lead agency (DRAFT → ASSIGNED).',
    description: TASK_EVENT_DESCRIPTION,
    example: { ...TASK_EXAMPLE, state: 'ASSIGNED' },
  },
  'dx.task.started': {
    type: EventTypes.TASK_STARTED,
    version: 1,
    payload: TaskStartedV1,
    route: { kind: 'service', topic: ServiceTopics.TASKS_EVENTS },
    keyProperty: 'taskId',
    summary: 'The lead agency started work on a task.',
    description: TASK_EVENT_DESCRIPTION,
    example: { ...TASK_EXAMPLE, state: 'IN_PROGRESS' },
  },
  'dx.task.submitted': {
    type: EventTypes.TASK_SUBMITTED,
    version: 1,
    payload: TaskSubmittedV1,
    route: { kind: 'service', topic: ServiceTopics.TASKS_EVENTS },
    keyProperty: 'taskId',
    summary: 'The lead agency submitted a task for review.',
    description: TASK_EVENT_DESCRIPTION,
    example: { ...TASK_EXAMPLE, state: 'SUBMITTED' },
  },
  'dx.task.returned': {
    type: EventTypes.TASK_RETURNED,
    version: 1,
    payload: TaskReturnedV1,
    route: { kind: 'service', topic: ServiceTopics.TASKS_EVENTS },
    keyProperty: 'taskId',
    summary: 'The reviewer returned a task to its lead agency, with a reason.',
    description: TASK_EVENT_DESCRIPTION,
    example: {
      ...TASK_EXAMPLE,
      state: 'IN_PROGRESS',
      reason: 'Thiếu minh chứng triển khai tại cấp xã / evidence from communes missing',
    },
  },
  'dx.task.approved': {
    type: EventTypes.TASK_APPROVED,
    version: 1,
    payload: TaskApprovedV1,
    route: { kind: 'service', topic: ServiceTopics.TASKS_EVENTS },
    keyProperty: 'taskId',
    summary: 'The reviewer approved a task.',
    description: TASK_EVENT_DESCRIPTION,
    example: { ...TASK_EXAMPLE, state: 'APPROVED' },
  },
  'dx.task.cancelled': {
    type: EventTypes.TASK_CANCELLED,
    version: 1,
    payload: TaskCancelledV1,
    route: { kind: 'service', topic: ServiceTopics.TASKS_EVENTS },
    keyProperty: 'taskId',
    summary: 'A task was cancelled, with a reason.',
    description: TASK_EVENT_DESCRIPTION,
    example: { ...TASK_EXAMPLE, state: 'CANCELLED', reason: 'Merged into G4.T3 after the 2025 reorganisation' },
  },
  'dx.task.deadline-extended': {
    type: EventTypes.TASK_DEADLINE_EXTENDED,
    version: 1,
    payload: TaskDeadlineExtendedV1,
    route: { kind: 'service', topic: ServiceTopics.TASKS_EVENTS },
    keyProperty: 'taskId',
    summary: "A task's deadline was extended, with a reason.",
    description: TASK_EVENT_DESCRIPTION,
    example: {
      ...TASK_EXAMPLE,
      state: 'IN_PROGRESS',
      previousDueDate: '2026-06-30',
      reason: 'Procurement re-tendered',
    },
  },
  'dx.task.due-soon': {
    type: EventTypes.TASK_DUE_SOON,
    version: 1,
    payload: TaskDueSoonV1,
    route: { kind: 'service', topic: ServiceTopics.TASKS_EVENTS },
    keyProperty: 'taskId',
    summary: 'A task is due within the configured number of working days.',
    description: TASK_EVENT_DESCRIPTION,
    example: { ...TASK_EXAMPLE, state: 'IN_PROGRESS', workingDaysLeft: 5 },
  },
  'dx.task.overdue': {
    type: EventTypes.TASK_OVERDUE,
    version: 1,
    payload: TaskOverdueV1,
    route: { kind: 'service', topic: ServiceTopics.TASKS_EVENTS },
    keyProperty: 'taskId',
    summary: 'A task passed its deadline without being approved.',
    description: TASK_EVENT_DESCRIPTION,
    example: { ...TASK_EXAMPLE, state: 'IN_PROGRESS', workingDaysOverdue: 1 },
  },
  'dx.task.escalated': {
    type: EventTypes.TASK_ESCALATED,
    version: 1,
    payload: TaskEscalatedV1,
    route: { kind: 'service', topic: ServiceTopics.TASKS_EVENTS },
    keyProperty: 'taskId',
    summary: 'An overdue task was escalated one level up the chain.',
    description: TASK_EVENT_DESCRIPTION,
    example: { ...TASK_EXAMPLE, state: 'IN_PROGRESS', level: 'agency-head', escalatedTo: 'SKHCN' },
  },
  'dx.task.contribution-completed': {
    type: EventTypes.TASK_CONTRIBUTION_COMPLETED,
    version: 1,
    payload: TaskContributionCompletedV1,
    route: { kind: 'service', topic: ServiceTopics.TASKS_EVENTS },
    keyProperty: 'taskId',
    summary: 'A coordinating agency completed its contribution to a task.',
    description: TASK_EVENT_DESCRIPTION,
    example: { ...TASK_EXAMPLE, state: 'IN_PROGRESS', agency: 'SNV' },
  },
  'dx.task.progress-updated': {
    type: EventTypes.TASK_PROGRESS_UPDATED,
    version: 1,
    payload: TaskProgressUpdatedV1,
    route: { kind: 'service', topic: ServiceTopics.TASKS_EVENTS },
    keyProperty: 'taskId',
    summary: "A task's progress changed.",
    description: TASK_EVENT_DESCRIPTION,
    example: { ...TASK_EXAMPLE, state: 'IN_PROGRESS' },
  },
  'dx.indicator-value.awaiting-approval': {
    type: EventTypes.INDICATOR_VALUE_AWAITING_APPROVAL,
    version: 1,
    payload: IndicatorValueAwaitingApprovalV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'New or corrected values of an indicator and period wait for their approving agency.',
    description:
      APPROVAL_EVENT_DESCRIPTION +
      ' One event per intake batch, approving agency, reporting agency, indicator and period (not one per value): ' +
      '`orgUnitCodes` lists the cells, `orgUnitCode` and `value` are set when there is one.',
    example: {
      ...APPROVAL_EXAMPLE,
      agency: 'SKHCN',
      changedBy: 'kafka:SKHCN',
      orgUnitCodes: ['28249'],
      valueCount: 1,
      orgUnitCode: '28249',
      value: 12,
    },
  },
  'dx.indicator-value.approved': {
    type: EventTypes.INDICATOR_VALUE_APPROVED,
    version: 1,
    payload: IndicatorValueApprovedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'The approving agency approved the value of a cell (the report `reportId`).',
    description: APPROVAL_EVENT_DESCRIPTION + ' `agency` is the reporting agency.',
    example: { ...APPROVAL_CELL_EXAMPLE, agency: 'SKHCN', changedBy: 'user-17' },
  },
  'dx.indicator-value.returned': {
    type: EventTypes.INDICATOR_VALUE_RETURNED,
    version: 1,
    payload: IndicatorValueReturnedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'The approving agency returned the value of a cell to its reporting agency, with a reason.',
    description:
      APPROVAL_EVENT_DESCRIPTION +
      ' `agency` is the reporting agency; a new report for the cell puts it back to pending.',
    example: {
      ...APPROVAL_CELL_EXAMPLE,
      agency: 'SKHCN',
      changedBy: 'user-17',
      reason: 'Số trạm BTS cao hơn số liệu của nhà mạng / higher than the operators’ count',
    },
  },
  'dx.indicator-value.reopened': {
    type: EventTypes.INDICATOR_VALUE_REOPENED,
    version: 1,
    payload: IndicatorValueReopenedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'An approved value went back to pending because its inputs changed, and says why.',
    description:
      APPROVAL_EVENT_DESCRIPTION +
      ' `cause` is `late-correction` (a later report for the cell; `reportId` is the new one), `formula-version` ' +
      '(a formula version in force for the period) or `re-mapped-unit` (the org unit moved in the hierarchy of the ' +
      "period's end, so the value counts toward other units' figures). `agency` is the approving agency, which " +
      'approves it again.',
    example: {
      ...APPROVAL_CELL_EXAMPLE,
      reportId: '1077',
      agency: 'SKHCN',
      changedBy: 'kafka:SKHCN',
      cause: 'late-correction',
      previousReportId: '1042',
      reason: 'late correction: report 1077 from agency SKHCN replaced the approved report 1042',
    },
  },
  'dx.obligation.opened': {
    type: EventTypes.OBLIGATION_OPENED,
    version: 1,
    payload: ObligationOpenedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'obligationCode',
    summary: 'A period of a reporting obligation opened: its data cut-off passed and its reports are now owed.',
    description: OBLIGATION_EVENT_DESCRIPTION,
    example: {
      ...OBLIGATION_EXAMPLE,
      receivedReports: 0,
      opensOn: '2026-02-15',
      occurredAt: '2026-02-15T00:00:05.000Z',
    },
  },
  'dx.obligation.due-soon': {
    type: EventTypes.OBLIGATION_DUE_SOON,
    version: 1,
    payload: ObligationDueSoonV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'obligationCode',
    summary: 'Reports of an obligation’s period are due within the configured working days and some are missing.',
    description: OBLIGATION_EVENT_DESCRIPTION,
    example: { ...OBLIGATION_EXAMPLE, receivedReports: 40, workingDaysLeft: 3, occurredAt: '2026-02-12T00:00:05.000Z' },
  },
  'dx.obligation.overdue': {
    type: EventTypes.OBLIGATION_OVERDUE,
    version: 1,
    payload: ObligationOverdueV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'obligationCode',
    summary: 'The due day of an obligation’s period passed with reports missing (on the first working day after it).',
    description: OBLIGATION_EVENT_DESCRIPTION,
    example: { ...OBLIGATION_EXAMPLE, workingDaysOverdue: 1, missingOrgUnitCodes: ['28249', '28252'] },
  },
  'dx.agency-events.rejected': {
    type: EventTypes.AGENCY_EVENTS_REJECTED,
    version: 1,
    payload: AgencyEventsRejectedV1,
    route: { kind: 'service', topic: ServiceTopics.REJECTIONS_EVENTS },
    keyProperty: 'agency',
    summary: 'Events of one agency that a service refused together: how many, when and why (one per batch).',
    description:
      'Written by the service that refused the events (indicators or tasks, `service`) through its outbox, in the ' +
      'transaction that logged them in its rejection log: one event per agency and consumed Kafka batch of one topic, ' +
      'or per REST or spreadsheet request, never one per event. Keyed by `agency`. Each refusal, with its event id, ' +
      'place in the log, reason code and message, is listed by `GET /v1/rejections` on that service. Dedupe on `ce_id`.',
    example: {
      agency: 'SKHCN',
      service: 'indicators',
      channel: 'kafka',
      topic: 'dx.agency.SKHCN.indicator-values',
      count: 3,
      firstRejectedAt: '2026-11-27T03:04:05.000Z',
      lastRejectedAt: '2026-11-27T03:04:05.000Z',
      reasons: [
        { code: 'time-in-future', count: 2 },
        { code: 'body-not-json', count: 1 },
      ],
      sampleEventIds: ['skhcn-2026S2-bts-815', 'skhcn-2026S2-bts-816'],
    },
  },
};
