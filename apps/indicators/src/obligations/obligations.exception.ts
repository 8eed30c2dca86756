import { DomainErrorKind, DomainException } from '@dxhub/http';

/** Stable names of the obligations' rules, as API clients see them in `error`. */
export enum ObligationErrorCode {
  OBLIGATION_NOT_FOUND = 'OBLIGATION_NOT_FOUND',
  OBLIGATION_EXISTS = 'OBLIGATION_EXISTS',
  UNKNOWN_AGENCY = 'UNKNOWN_AGENCY',
  UNKNOWN_INDICATOR = 'UNKNOWN_INDICATOR',
  INDICATOR_PERIOD_TYPE_MISMATCH = 'INDICATOR_PERIOD_TYPE_MISMATCH',
  UNKNOWN_ORG_UNIT = 'UNKNOWN_ORG_UNIT',
  VALIDITY_REVERSED = 'VALIDITY_REVERSED',
  PERIOD_TYPE_MISMATCH = 'PERIOD_TYPE_MISMATCH',
}

const KIND: Record<ObligationErrorCode, DomainErrorKind> = {
  [ObligationErrorCode.OBLIGATION_NOT_FOUND]: DomainErrorKind.NOT_FOUND,
  [ObligationErrorCode.OBLIGATION_EXISTS]: DomainErrorKind.CONFLICT,
  [ObligationErrorCode.UNKNOWN_AGENCY]: DomainErrorKind.INVALID_INPUT,
  [ObligationErrorCode.UNKNOWN_INDICATOR]: DomainErrorKind.INVALID_INPUT,
  [ObligationErrorCode.INDICATOR_PERIOD_TYPE_MISMATCH]: DomainErrorKind.INVALID_INPUT,
  [ObligationErrorCode.UNKNOWN_ORG_UNIT]: DomainErrorKind.INVALID_INPUT,
  [ObligationErrorCode.VALIDITY_REVERSED]: DomainErrorKind.INVALID_INPUT,
  [ObligationErrorCode.PERIOD_TYPE_MISMATCH]: DomainErrorKind.INVALID_INPUT,
};

/** An obligation rule refused the request; the HTTP status follows from the code. */
export class ObligationException extends DomainException {
  constructor(code: ObligationErrorCode, message: string, details?: Record<string, unknown>) {
    super(KIND[code], code, message, details);
    this.name = 'ObligationException';
  }
}
