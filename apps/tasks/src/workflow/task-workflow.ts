import { type WorkflowStep } from './task-access-rules';
import { EventTypes, type TaskState } from '@dxhub/contracts';

/** The steps a task's workflow has; each is one HTTP action (`POST /v1/tasks/:id/transitions`). */
export const TASK_ACTIONS = ['assign', 'start', 'submit', 'approve', 'return', 'cancel'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export interface TransitionRule {
  from: readonly TaskState[];
  to: TaskState;
  /** The access-rule step (libs/auth) that decides who may take it. */
  step: WorkflowStep;
  reasonRequired: boolean;
  event: (typeof EventTypes)[keyof typeof EventTypes];
}

/**
 * The workflow as an explicit table: DRAFT → ASSIGNED → IN_PROGRESS → SUBMITTED → APPROVED; the reviewer may
 * return a submitted task to IN_PROGRESS with a reason; any open task may be cancelled with a reason.
 */
export const TRANSITIONS: Readonly<Record<TaskAction, TransitionRule>> = {
  assign: { from: ['DRAFT'], to: 'ASSIGNED', step: 'assign', reasonRequired: false, event: EventTypes.TASK_ASSIGNED },
  start: {
    from: ['ASSIGNED'],
    to: 'IN_PROGRESS',
    step: 'start',
    reasonRequired: false,
    event: EventTypes.TASK_STARTED,
  },
  submit: {
    from: ['IN_PROGRESS'],
    to: 'SUBMITTED',
    step: 'submit',
    reasonRequired: false,
    event: EventTypes.TASK_SUBMITTED,
  },
  approve: {
    from: ['SUBMITTED'],
    to: 'APPROVED',
    step: 'approve',
    reasonRequired: false,
    event: EventTypes.TASK_APPROVED,
  },
  return: {
    from: ['SUBMITTED'],
    to: 'IN_PROGRESS',
    step: 'request-changes',
    reasonRequired: true,
    event: EventTypes.TASK_RETURNED,
  },
  cancel: {
    from: ['DRAFT', 'ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'],
    to: 'CANCELLED',
    step: 'cancel',
    reasonRequired: true,
    event: EventTypes.TASK_CANCELLED,
  },
};

/** States in which a task is still to be done (deadlines, reminders and blocking apply). */
export const OPEN_STATES: readonly TaskState[] = ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'];

/** States in which a task no longer blocks another. */
export const DONE_STATES: readonly TaskState[] = ['APPROVED', 'CANCELLED'];

/** The actions the workflow allows from a state, in the table's order. */
export function allowedActions(state: TaskState): TaskAction[] {
  return TASK_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(state));
}

export type TransitionCheck = { ok: true; rule: TransitionRule } | { ok: false; allowed: TaskAction[] };

/** Whether `action` may be taken from `state`; if not, the actions that may. */
export function checkTransition(state: TaskState, action: TaskAction): TransitionCheck {
  const rule = TRANSITIONS[action];
  if (rule.from.includes(state)) return { ok: true, rule };
  return { ok: false, allowed: allowedActions(state) };
}
