import {
  ACCESS_ALLOWED,
  type AccessDecision,
  accessDenied,
  AccessRule,
  mayApprove,
  mayTakeStepByRole,
  type Principal,
  type Role,
} from '@dxhub/auth';

/*
 * Who may take which step of the task workflow. The rule machinery (decisions, rule names, the step-by-role check,
 * `mayApprove`) is libs/auth's; the workflow's steps, parties and tables are this service's vocabulary.
 */

/** Steps of the task workflow. */
export const WORKFLOW_STEPS = [
  'report-progress',
  'submit',
  'review',
  'request-changes',
  'approve',
  'reject',
  'assign',
  'reopen',
  'cancel',
  'start',
  'complete-contribution',
  'extend-deadline',
] as const;
export type WorkflowStep = (typeof WORKFLOW_STEPS)[number];

/** Which role may take which workflow step. The approver role approves; a reporter never does. */
export const WORKFLOW_STEPS_BY_ROLE: Readonly<Record<Role, readonly WorkflowStep[]>> = {
  reporter: ['report-progress', 'submit', 'start', 'complete-contribution'],
  approver: ['review', 'request-changes', 'approve', 'reject'],
  'programme-office': ['review', 'request-changes', 'assign', 'reopen', 'cancel', 'extend-deadline'],
  admin: ['assign', 'reopen', 'cancel', 'extend-deadline'],
  viewer: [],
};

/** `workflow-step-allowed-for-role`: one of the caller's roles allows the step. */
export function mayTakeWorkflowStep(principal: Principal, step: WorkflowStep): AccessDecision {
  return mayTakeStepByRole(principal, step, WORKFLOW_STEPS_BY_ROLE);
}

/** The agencies a programme task names. */
export interface TaskParties {
  leadAgency: string | null;
  reviewerAgency: string | null;
  coordinatingAgencies: readonly string[];
}

/** Steps only the task's lead agency takes. */
export const LEAD_STEPS: readonly WorkflowStep[] = ['start', 'submit', 'report-progress'];
/** Steps only the task's reviewing agency takes. */
export const REVIEWER_STEPS: readonly WorkflowStep[] = ['approve', 'request-changes', 'reject'];

/**
 * Who may take a step on a programme task: the role first (`workflow-step-allowed-for-role`), then the agency —
 * the lead starts, reports and submits (`task-step-by-lead-agency`), the reviewer approves or returns
 * (`approver-approves-own`), a coordinating agency completes its own contribution
 * (`contribution-by-coordinating-agency`). Programme-office steps (assign, cancel, extend the deadline) need
 * only the role.
 */
export function mayTakeTaskStep(
  principal: Principal,
  step: WorkflowStep,
  task: TaskParties,
  contributionOf?: string,
): AccessDecision {
  const role = mayTakeWorkflowStep(principal, step);
  if (!role.allowed) return role;
  if (LEAD_STEPS.includes(step) && principal.agency !== task.leadAgency) {
    return accessDenied(
      AccessRule.TASK_STEP_BY_LEAD_AGENCY,
      `only the lead agency${task.leadAgency ? ` ${task.leadAgency}` : ''} may ${step} this task, not agency ${principal.agency}`,
    );
  }
  if (REVIEWER_STEPS.includes(step)) return mayApprove(principal, { approverAgency: task.reviewerAgency });
  if (step === 'complete-contribution') {
    const agency = contributionOf ?? principal.agency;
    if (agency !== principal.agency || !task.coordinatingAgencies.includes(agency)) {
      return accessDenied(
        AccessRule.CONTRIBUTION_BY_COORDINATING_AGENCY,
        `agency ${principal.agency} may complete only its own contribution, as a coordinating agency (${task.coordinatingAgencies.join(', ') || 'none'})`,
      );
    }
  }
  return ACCESS_ALLOWED;
}

/** `task-step-by-lead-agency` for an agency's own progress report (Kafka: the topic's agency). */
export function mayReportTaskProgress(agencyCode: string, task: TaskParties): AccessDecision {
  if (agencyCode === task.leadAgency) return ACCESS_ALLOWED;
  return accessDenied(
    AccessRule.TASK_STEP_BY_LEAD_AGENCY,
    `only the lead agency${task.leadAgency ? ` ${task.leadAgency}` : ''} reports progress on this task, not agency ${agencyCode}`,
  );
}
