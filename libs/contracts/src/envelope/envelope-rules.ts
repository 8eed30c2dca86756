import { type RejectionReason, RejectionCodes } from './rejection-codes';

/*
 * The limits every event meets before any contract class sees it, whichever way it came: a Kafka record
 * (libs/messaging's inbound pipeline) or a REST request that becomes an event. One rule set, written once.
 */

/** The bounds of an event's envelope and body. */
export const EnvelopeLimits = {
  /** `id` (`ce_id`): the idempotency key, stored in unique indexes. */
  MAX_ID_LENGTH: 200,
  /** `source` (`ce_source`), `type` (`ce_type`). */
  MAX_SOURCE_LENGTH: 200,
  MAX_TYPE_LENGTH: 200,
  /** `subject` (`ce_subject`). */
  MAX_SUBJECT_LENGTH: 500,
  /**
   * How far `time` may be ahead of the platform's clock. A report dated ahead would win over every later
   * correction of its cell (the latest time wins), so only clock skew is tolerated.
   */
  MAX_FUTURE_SKEW_MS: 5 * 60 * 1000,
  /** The earliest `time` accepted: the programme's data starts long after it. */
  EARLIEST_TIME: '2000-01-01T00:00:00Z',
  /** An event's body: the broker's default record limit. */
  MAX_BODY_BYTES: 1024 * 1024,
  /** Nesting of objects and arrays in a body; every contract nests three levels at most. */
  MAX_JSON_DEPTH: 32,
  /** All of a record's headers together. */
  MAX_HEADER_BYTES: 64 * 1024,
} as const;

const EARLIEST_TIME_MS = Date.parse(EnvelopeLimits.EARLIEST_TIME);

/** Keys that would reach an object's prototype when a parsed body is copied or transformed. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * RFC 3339 `date-time` (section 5.6), nothing looser: four-digit year, `T` (or `t`) between date and time,
 * seconds always present, an optional fraction, and `Z` or a numeric offset.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/** C0 and C1 control characters, and U+FFFD (what invalid UTF-8 in a header decodes to). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\ufffd]/;

type Check = RejectionReason | null;

/*
 * `label` names the attribute as the sender wrote it: `CloudEvents attribute 'id' (ce_id header)` for a
 * Kafka record, `id` for a REST body.
 */

/** A required string attribute: present, not blank, within `maxLength`, without control characters. */
export function checkRequiredAttribute(label: string, value: unknown, maxLength: number): Check {
  if (typeof value !== 'string' || value.trim() === '') {
    return { code: RejectionCodes.MISSING_ATTRIBUTE, message: `missing ${label}` };
  }
  return checkAttributeText(label, value, maxLength);
}

/** An optional string attribute: absent, or within `maxLength` and without control characters. */
export function checkOptionalAttribute(label: string, value: unknown, maxLength: number): Check {
  if (value === undefined) return null;
  if (typeof value !== 'string')
    return { code: RejectionCodes.INVALID_ATTRIBUTE, message: `${label} must be a string` };
  return checkAttributeText(label, value, maxLength);
}

function checkAttributeText(label: string, value: string, maxLength: number): Check {
  if (value.length > maxLength) {
    return {
      code: RejectionCodes.INVALID_ATTRIBUTE,
      message: `${label} is ${value.length} characters long; at most ${maxLength} are accepted`,
    };
  }
  if (UNPRINTABLE.test(value)) {
    return { code: RejectionCodes.INVALID_ATTRIBUTE, message: `${label} contains control characters or invalid UTF-8` };
  }
  return null;
}

/** An event id (`label` as above): required, at most MAX_ID_LENGTH characters, printable. */
export function checkEventId(id: unknown, label = 'id'): Check {
  return checkRequiredAttribute(label, id, EnvelopeLimits.MAX_ID_LENGTH);
}

/** The instant an RFC 3339 timestamp names, or NaN when the text is not one (or names no real date). */
export function parseRfc3339(text: string): number {
  const m = RFC3339.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const offsetMinutes = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) : 0;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return NaN;
  if (m[9] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return NaN;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2025-02-30 over into March: a day the month does not have is not a date.
  if (new Date(local).getUTCDate() !== day) return NaN;
  const fraction = m[7] ? Number(m[7].slice(0, 4)) * 1000 : 0;
  return local + Math.floor(fraction) - offsetMinutes * 60_000;
}

/**
 * The event's `time`: optional; when given, strict RFC 3339, not before EARLIEST_TIME and not more than
 * MAX_FUTURE_SKEW_MS ahead of `receivedAt`.
 */
export function checkEventTime(time: unknown, receivedAt: Date, label = 'time'): Check {
  if (time === undefined) return null;
  const at = typeof time === 'string' ? parseRfc3339(time) : NaN;
  if (Number.isNaN(at)) {
    return {
      code: RejectionCodes.INVALID_TIME,
      message: `${label} must be an RFC 3339 timestamp such as 2025-01-10T08:00:00+07:00, got '${shorten(String(time))}'`,
    };
  }
  if (at < EARLIEST_TIME_MS) {
    return { code: RejectionCodes.TIME_TOO_OLD, message: `${label} ${time} is before ${EnvelopeLimits.EARLIEST_TIME}` };
  }
  if (at > receivedAt.getTime() + EnvelopeLimits.MAX_FUTURE_SKEW_MS) {
    return {
      code: RejectionCodes.TIME_IN_FUTURE,
      message: `${label} ${time} is ahead of the platform's clock (${receivedAt.toISOString()}) by more than ${
        EnvelopeLimits.MAX_FUTURE_SKEW_MS / 60_000
      } minutes`,
    };
  }
  return null;
}

/**
 * A parsed JSON value within MAX_JSON_DEPTH and without keys that reach a prototype. Walks iteratively:
 * a hostile body nested a hundred thousand levels deep costs a loop, not the stack.
 */
export function checkJsonShape(value: unknown): Check {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (typeof node !== 'object' || node === null) continue;
    if (depth > EnvelopeLimits.MAX_JSON_DEPTH) {
      return {
        code: RejectionCodes.JSON_TOO_DEEP,
        message: `the JSON nests deeper than ${EnvelopeLimits.MAX_JSON_DEPTH} levels`,
      };
    }
    if (Array.isArray(node)) {
      for (const item of node) stack.push({ node: item, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(node)) {
      if (FORBIDDEN_KEYS.has(key)) {
        return { code: RejectionCodes.JSON_FORBIDDEN_KEY, message: `the JSON has a forbidden key '${key}'` };
      }
      stack.push({ node: (node as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return null;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** An event body's bytes as JSON: within MAX_BODY_BYTES, valid UTF-8, JSON, within checkJsonShape. */
export function parseJsonBody(
  bytes: Uint8Array | null,
): { ok: true; value: unknown } | ({ ok: false } & RejectionReason) {
  if (bytes === null || bytes.length === 0) {
    return { ok: false, code: RejectionCodes.BODY_EMPTY, message: 'empty message body' };
  }
  if (bytes.length > EnvelopeLimits.MAX_BODY_BYTES) {
    return {
      ok: false,
      code: RejectionCodes.BODY_TOO_LARGE,
      message: `the body is ${bytes.length} bytes; at most ${EnvelopeLimits.MAX_BODY_BYTES} are accepted`,
    };
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { ok: false, code: RejectionCodes.BODY_NOT_UTF8, message: 'message body is not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      code: RejectionCodes.BODY_NOT_JSON,
      message: `message body is not JSON: ${shorten((error as Error).message)}`,
    };
  }
  const shape = checkJsonShape(value);
  return shape ? { ok: false, ...shape } : { ok: true, value };
}

/** A value quoted in a message, cut to a length a log line and a header can carry. */
export function shorten(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
