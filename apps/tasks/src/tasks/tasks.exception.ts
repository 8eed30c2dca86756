import { DomainErrorKind, DomainException } from '@dxhub/http';

/** Stable codes of the tasks service's refusals (the `error` of the HTTP body). */
export const TaskErrorCode = {
  NOT_FOUND: 'TASK_NOT_FOUND',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  REASON_REQUIRED: 'REASON_REQUIRED',
  CONTRIBUTIONS_OPEN: 'CONTRIBUTIONS_OPEN',
  BLOCKED: 'TASK_BLOCKED',
  DEPENDENCY_CYCLE: 'DEPENDENCY_CYCLE',
  NOT_OPEN: 'TASK_NOT_OPEN',
  PROGRESS_NOT_MANUAL: 'PROGRESS_NOT_REPORTABLE',
  INVALID_PARENT: 'INVALID_PARENT',
  CODE_TAKEN: 'TASK_CODE_TAKEN',
  INVALID_DEADLINE: 'INVALID_DEADLINE',
  NOT_A_DRAFT: 'TASK_NOT_A_DRAFT',
  CONTRIBUTION_ALREADY_COMPLETED: 'CONTRIBUTION_ALREADY_COMPLETED',
  INVALID_IDEMPOTENCY_KEY: 'INVALID_IDEMPOTENCY_KEY',
} as const;

export const taskNotFound = (ref: string): DomainException =>
  new DomainException(DomainErrorKind.NOT_FOUND, TaskErrorCode.NOT_FOUND, `no task '${ref}'`);

export const taskConflict = (code: string, message: string, details?: Record<string, unknown>): DomainException =>
  new DomainException(DomainErrorKind.CONFLICT, code, message, details);

export const taskInvalid = (code: string, message: string, details?: Record<string, unknown>): DomainException =>
  new DomainException(DomainErrorKind.INVALID_INPUT, code, message, details);
