import { TaskAssignedV1 } from '../task-assigned/task-assigned.v1';
import { TaskStartedV1 } from '../task-started/task-started.v1';
import { TaskSubmittedV1 } from '../task-submitted/task-submitted.v1';
import { TaskReturnedV1 } from '../task-returned/task-returned.v1';
import { TaskApprovedV1 } from '../task-approved/task-approved.v1';
import { TaskCancelledV1 } from '../task-cancelled/task-cancelled.v1';
import { TaskDeadlineExtendedV1 } from '../task-deadline-extended/task-deadline-extended.v1';
import { TaskDueSoonV1 } from '../task-due-soon/task-due-soon.v1';
import { TaskOverdueV1 } from '../task-overdue/task-overdue.v1';
import { TaskEscalatedV1 } from '../task-escalated/task-escalated.v1';
import { TaskContributionCompletedV1 } from '../task-contribution-completed/task-contribution-completed.v1';
import { TaskProgressUpdatedV1 } from '../task-progress-updated/task-progress-updated.v1';
import { TaskProgressReportedV1 } from '../task-progress-reported/task-progress-reported.v1';
import { AgencyStreams, ServiceTopics } from '../topics';
import { type EventCatalog, EventTypes } from '../event-types';

/* The task workflow's events, written by the tasks service. Part of EVENT_CATALOG (its order is the catalog's). */

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

export const TASK_EVENTS = {
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
} satisfies Partial<EventCatalog>;
