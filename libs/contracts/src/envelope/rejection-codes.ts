/*
 * ┌──────────────────────────────────────────────────────────────────────────┐
 * │ Rejection codes are public API: agencies filter their refusals by them   │
 * │ (GET /v1/rejections) and operators alert on them (dx_dlq_reason_code).   │
 * │ Never rename one; add a new code instead.                                │
 * └──────────────────────────────────────────────────────────────────────────┘
 */

/** Why an event was refused, as a short stable code; a human message always goes beside it. */
export const RejectionCodes = {
  /** The record has no body. */
  BODY_EMPTY: 'body-empty',
  /** The body is larger than EnvelopeLimits.MAX_BODY_BYTES. */
  BODY_TOO_LARGE: 'body-too-large',
  /** The body is not valid UTF-8. */
  BODY_NOT_UTF8: 'body-not-utf8',
  /** The body is not JSON. */
  BODY_NOT_JSON: 'body-not-json',
  /** The JSON nests deeper than EnvelopeLimits.MAX_JSON_DEPTH. */
  JSON_TOO_DEEP: 'json-too-deep',
  /** The JSON has a key that could reach an object's prototype (`__proto__`, `constructor`, `prototype`). */
  JSON_FORBIDDEN_KEY: 'json-forbidden-key',
  /** Record headers that cannot be read: a CloudEvents header twice, or too many bytes of headers. */
  HEADERS_INVALID: 'headers-invalid',
  /** Neither binary mode (`ce_specversion` header) nor structured mode (`application/cloudevents+json`). */
  NOT_A_CLOUDEVENT: 'not-a-cloudevent',
  UNSUPPORTED_CONTENT_TYPE: 'unsupported-content-type',
  UNSUPPORTED_SPEC_VERSION: 'unsupported-specversion',
  /** A required CloudEvents attribute (id, source, type) is missing or empty. */
  MISSING_ATTRIBUTE: 'missing-attribute',
  /** An attribute too long or with control characters. */
  INVALID_ATTRIBUTE: 'invalid-attribute',
  /** `time` is not an RFC 3339 timestamp. */
  INVALID_TIME: 'invalid-time',
  /** `time` is more than EnvelopeLimits.MAX_FUTURE_SKEW_MS ahead of the platform's clock. */
  TIME_IN_FUTURE: 'time-in-future',
  /** `time` is before EnvelopeLimits.EARLIEST_TIME. */
  TIME_TOO_OLD: 'time-too-old',
  /** The event type is not one this topic carries. */
  TYPE_NOT_ACCEPTED: 'type-not-accepted',
  /** The data does not pass the event type's contract class. */
  PAYLOAD_INVALID: 'payload-invalid',
  /** `ce_source` does not name the agency whose topic carried the event. */
  SOURCE_MISMATCH: 'source-mismatch',
  /** The service refused the event by one of its rules (the message names the rule). */
  REFUSED: 'refused',
  /** Applying the event failed with an error that is not known to be transient; the error class says which. */
  PROCESSING_FAILED: 'processing-failed',
  /** A transient failure outlasted the retry budget while the service's dependencies answered. */
  RETRIES_EXHAUSTED: 'retries-exhausted',
} as const;
export type RejectionCode = (typeof RejectionCodes)[keyof typeof RejectionCodes];

/** A refusal: a stable code and a message a person can act on. */
export interface RejectionReason {
  code: RejectionCode;
  message: string;
}
