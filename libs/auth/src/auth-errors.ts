/**
 * Errors of the auth mechanism. They are plain errors, not HttpExceptions: libs/http's exception filter
 * is the one place that turns them into 401 (with WWW-Authenticate), 403 (with the rule) and 429 (with
 * Retry-After), in the platform's error body shape.
 */

/** Why a bearer token was refused; `reason` is stable, `message` says what failed for people. */
export type TokenProblem =
  | 'missing'
  | 'malformed'
  | 'algorithm'
  | 'unknown-key'
  | 'signature'
  | 'expired'
  | 'not-yet-valid'
  | 'issuer'
  | 'audience'
  | 'claims';

/** 401: no usable bearer token. */
export class AuthenticationError extends Error {
  constructor(
    readonly reason: TokenProblem,
    message: string,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/** 403: the caller is known but a named access rule denies the request. */
export class AccessDeniedError extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AccessDeniedError';
  }
}

/** 429: the agency used up its write budget; retry after `retryAfterSeconds`. */
export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}
