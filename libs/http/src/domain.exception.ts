/** What went wrong, independent of transport; the HTTP filter maps each kind to a status. */
export enum DomainErrorKind {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  FORBIDDEN = 'FORBIDDEN',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The service is at a capacity limit: retry later (503). */
  UNAVAILABLE = 'UNAVAILABLE',
}

/**
 * Services throw these, never HttpException. `code` is a stable machine-readable name of the rule
 * (`ORG_UNIT_NOT_VALID_IN_PERIOD`), `message` a sentence for people.
 */
export class DomainException extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainException';
  }
}
