/**
 * States of a programme task's workflow (tasks service). Returning a submitted task is a step, not a state: it
 * puts the task back IN_PROGRESS with the reviewer's reason (`dx.task.returned`).
 */
export const TASK_STATES = ['DRAFT', 'ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'APPROVED', 'CANCELLED'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** Levels a late task is escalated through, in order. */
export const ESCALATION_LEVELS = ['officer', 'agency-head', 'provincial-office'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** Task codes: `G1`, `G1.T2`, `G1.T2.S1` (upper-case letters, digits, dots, hyphens). */
export const TASK_CODE_PATTERN = /^[A-Z0-9][A-Z0-9.-]{0,63}$/;

/** Evidence links: https URLs only. */
export const HTTPS_URL_PATTERN = /^https:\/\/[^\s]+$/;
