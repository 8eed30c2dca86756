import { DomainErrorKind, DomainException } from '@dxhub/http';

/** Stable names of the approval and period-locking rules, as API clients see them in `error`. */
export enum ApprovalErrorCode {
  RETURN_REASON_REQUIRED = 'RETURN_REASON_REQUIRED',
  VALUE_NOT_FOUND = 'VALUE_NOT_FOUND',
  VALUE_CHANGED_SINCE_SEEN = 'VALUE_CHANGED_SINCE_SEEN',
  VALUE_NOT_AWAITING_APPROVAL = 'VALUE_NOT_AWAITING_APPROVAL',
  NO_APPROVING_AGENCY = 'NO_APPROVING_AGENCY',
  PERIOD_NOT_CLOSED = 'PERIOD_NOT_CLOSED',
  REOPEN_UNTIL_INVALID = 'REOPEN_UNTIL_INVALID',
  PERIOD_ALREADY_LOCKED = 'PERIOD_ALREADY_LOCKED',
}

const KIND: Record<ApprovalErrorCode, DomainErrorKind> = {
  [ApprovalErrorCode.RETURN_REASON_REQUIRED]: DomainErrorKind.INVALID_INPUT,
  [ApprovalErrorCode.VALUE_NOT_FOUND]: DomainErrorKind.NOT_FOUND,
  [ApprovalErrorCode.VALUE_CHANGED_SINCE_SEEN]: DomainErrorKind.CONFLICT,
  [ApprovalErrorCode.VALUE_NOT_AWAITING_APPROVAL]: DomainErrorKind.CONFLICT,
  [ApprovalErrorCode.NO_APPROVING_AGENCY]: DomainErrorKind.CONFLICT,
  [ApprovalErrorCode.PERIOD_NOT_CLOSED]: DomainErrorKind.CONFLICT,
  [ApprovalErrorCode.REOPEN_UNTIL_INVALID]: DomainErrorKind.INVALID_INPUT,
  [ApprovalErrorCode.PERIOD_ALREADY_LOCKED]: DomainErrorKind.CONFLICT,
};

/** An approval or period-locking rule refused the request; the HTTP status follows from the code. */
export class ApprovalException extends DomainException {
  constructor(code: ApprovalErrorCode, message: string, details?: Record<string, unknown>) {
    super(KIND[code], code, message, details);
    this.name = 'ApprovalException';
  }
}
