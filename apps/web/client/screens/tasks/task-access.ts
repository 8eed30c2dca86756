import type { Person } from '../../auth/session';
import { TASK_ACTIONS, type TaskAction, type TaskDetail } from './task-api';

/*
 * Who may take which step of a task, as the tasks service decides it (apps/tasks/src/workflow/task-access-rules.ts
 * and task-workflow.ts, documented in its OpenAPI 403 answers). The task's `allowedActions` weighs only its
 * state, not the caller, so the role and agency checks are mirrored here to show each refused step with its
 * rule before it is tried. The service still decides: its refusal, when it comes, is shown as it says it.
 */

export type StepRule =
  | 'workflow-step-allowed-for-role'
  | 'task-step-by-lead-agency'
  | 'approver-approves-own'
  | 'contribution-by-coordinating-agency'
  | 'role-required';

/** Why a step is not open to this person: the access rule, or the task's state (the workflow table). */
export type StepRefusal =
  { kind: 'rule'; rule: StepRule; roles?: string[]; agency?: string | null; agencies?: string[] } | { kind: 'state' };

/** Something the service checks after the access rules, from data other agencies change (shown, not enforced). */
export type StepCaution = { kind: 'blocked'; codes: string[] } | { kind: 'contributions-open'; agencies: string[] };

export interface StepOption {
  action: TaskAction;
  refusal?: StepRefusal;
  caution?: StepCaution;
  reasonRequired: boolean;
}

type WorkflowStep =
  | 'report-progress'
  | 'submit'
  | 'request-changes'
  | 'approve'
  | 'assign'
  | 'cancel'
  | 'start'
  | 'complete-contribution';

/** WORKFLOW_STEPS_BY_ROLE of the service (only the steps this screen offers). Admins hold only their own row. */
const STEPS_BY_ROLE: Record<string, readonly WorkflowStep[]> = {
  reporter: ['report-progress', 'submit', 'start', 'complete-contribution'],
  approver: ['request-changes', 'approve'],
  'programme-office': ['request-changes', 'assign', 'cancel'],
  admin: ['assign', 'cancel'],
  viewer: [],
};

const STEP_OF: Record<TaskAction, WorkflowStep> = {
  assign: 'assign',
  start: 'start',
  submit: 'submit',
  approve: 'approve',
  return: 'request-changes',
  cancel: 'cancel',
};

const LEAD_STEPS: readonly WorkflowStep[] = ['start', 'submit', 'report-progress'];
const REVIEWER_STEPS: readonly WorkflowStep[] = ['approve', 'request-changes'];
const REASON_REQUIRED: readonly TaskAction[] = ['return', 'cancel'];

const rolesFor = (step: WorkflowStep) => Object.keys(STEPS_BY_ROLE).filter((r) => STEPS_BY_ROLE[r].includes(step));

/** mayTakeTaskStep of the service: the role, then the lead, reviewer or coordinating agency. */
function accessRefusal(person: Person, step: WorkflowStep, task: TaskDetail): StepRefusal | undefined {
  if (!person.roles.some((r) => STEPS_BY_ROLE[r]?.includes(step))) {
    // A reviewer's step needs the approver role in the end (mayApprove), whatever else the table lets through.
    const roles = REVIEWER_STEPS.includes(step) ? ['approver'] : rolesFor(step);
    return { kind: 'rule', rule: 'workflow-step-allowed-for-role', roles };
  }
  if (LEAD_STEPS.includes(step) && person.agency !== task.leadAgency) {
    return { kind: 'rule', rule: 'task-step-by-lead-agency', agency: task.leadAgency };
  }
  if (REVIEWER_STEPS.includes(step)) {
    // mayApprove: the approver role, of the reviewing agency.
    if (!person.roles.includes('approver')) {
      return { kind: 'rule', rule: 'workflow-step-allowed-for-role', roles: ['approver'] };
    }
    if (!task.reviewerAgency || task.reviewerAgency !== person.agency) {
      return { kind: 'rule', rule: 'approver-approves-own', agency: task.reviewerAgency };
    }
  }
  if (step === 'complete-contribution' && !task.coordinatingAgencies.includes(person.agency)) {
    return { kind: 'rule', rule: 'contribution-by-coordinating-agency', agencies: task.coordinatingAgencies };
  }
  return undefined;
}

/** The workflow steps the task's state allows, each open to this person or refused with its rule. */
export function stepOptions(person: Person, task: TaskDetail, openBlockers: string[]): StepOption[] {
  const allowed = task.allowedActions ?? [];
  return TASK_ACTIONS.filter((a) => allowed.includes(a)).map((action) => {
    const refusal = accessRefusal(person, STEP_OF[action], task);
    const openContributions = task.contributions.filter((c) => !c.completedAt).map((c) => c.agency);
    const caution: StepCaution | undefined =
      action === 'start' && openBlockers.length > 0
        ? { kind: 'blocked', codes: openBlockers }
        : action === 'submit' && openContributions.length > 0
          ? { kind: 'contributions-open', agencies: openContributions }
          : undefined;
    return { action, refusal, caution, reasonRequired: REASON_REQUIRED.includes(action) };
  });
}

/**
 * The progress report: the reporter role (the endpoint's `role-required`), the lead agency
 * (`task-step-by-lead-agency`), and a task IN_PROGRESS whose progress is reported by hand.
 */
export function progressRefusal(person: Person, task: TaskDetail): StepRefusal | undefined {
  if (!person.roles.includes('reporter')) return { kind: 'rule', rule: 'role-required', roles: ['reporter'] };
  const access = accessRefusal(person, 'report-progress', task);
  if (access) return access;
  if (task.state !== 'IN_PROGRESS' || task.progressSource !== 'manual') return { kind: 'state' };
  return undefined;
}

/** Completing one's own contribution: a coordinating agency's reporter, while the task is IN_PROGRESS. */
export function contributionRefusal(person: Person, task: TaskDetail): StepRefusal | undefined {
  const access = accessRefusal(person, 'complete-contribution', task);
  if (access) return access;
  if (task.state !== 'IN_PROGRESS') return { kind: 'state' };
  return undefined;
}
