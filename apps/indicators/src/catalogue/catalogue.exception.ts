import { DomainErrorKind, DomainException } from '@dxhub/http';

/** Stable names of the catalogue's rules, as API clients see them in `error`. */
export enum CatalogueErrorCode {
  INDICATOR_NOT_FOUND = 'INDICATOR_NOT_FOUND',
  INDICATOR_EXISTS = 'INDICATOR_EXISTS',
  INDICATOR_DEFINITION_REFUSED = 'INDICATOR_DEFINITION_REFUSED',
  UNKNOWN_RESPONSIBLE_AGENCY = 'UNKNOWN_RESPONSIBLE_AGENCY',
  INDICATOR_CODE_MISMATCH = 'INDICATOR_CODE_MISMATCH',
  PERIOD_TYPE_CHANGE = 'PERIOD_TYPE_CHANGE',
  REPORT_SHAPE_CHANGE = 'REPORT_SHAPE_CHANGE',
  VERSION_NOT_AFTER_LATEST = 'VERSION_NOT_AFTER_LATEST',
  INDICATOR_HAS_REPORTS = 'INDICATOR_HAS_REPORTS',
}

const KIND: Record<CatalogueErrorCode, DomainErrorKind> = {
  [CatalogueErrorCode.INDICATOR_NOT_FOUND]: DomainErrorKind.NOT_FOUND,
  [CatalogueErrorCode.INDICATOR_EXISTS]: DomainErrorKind.CONFLICT,
  [CatalogueErrorCode.INDICATOR_DEFINITION_REFUSED]: DomainErrorKind.INVALID_INPUT,
  [CatalogueErrorCode.UNKNOWN_RESPONSIBLE_AGENCY]: DomainErrorKind.INVALID_INPUT,
  [CatalogueErrorCode.INDICATOR_CODE_MISMATCH]: DomainErrorKind.INVALID_INPUT,
  [CatalogueErrorCode.PERIOD_TYPE_CHANGE]: DomainErrorKind.INVALID_INPUT,
  [CatalogueErrorCode.REPORT_SHAPE_CHANGE]: DomainErrorKind.INVALID_INPUT,
  [CatalogueErrorCode.VERSION_NOT_AFTER_LATEST]: DomainErrorKind.CONFLICT,
  [CatalogueErrorCode.INDICATOR_HAS_REPORTS]: DomainErrorKind.CONFLICT,
};

/** A catalogue rule refused the request; the HTTP status follows from the code. */
export class CatalogueException extends DomainException {
  constructor(code: CatalogueErrorCode, message: string, details?: Record<string, unknown>) {
    super(KIND[code], code, message, details);
    this.name = 'CatalogueException';
  }
}
