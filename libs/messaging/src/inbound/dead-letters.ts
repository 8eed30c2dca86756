import { deadLetterTopic, type RejectionReason } from '@dxhub/contracts';
import { createHash } from 'node:crypto';
import type { TopicRecord } from '../broker/kafka-gateway';
import type { RawRecord } from './raw-record';

/** Headers a dead-lettered record carries beside its original key, value and headers. */
export const DeadLetterHeaders = {
  /** The human message: what is wrong and, where it helps, how to fix it. */
  REASON: 'dx_dlq_reason',
  /** The stable code (RejectionCodes in libs/contracts). */
  REASON_CODE: 'dx_dlq_reason_code',
  /** For a processing failure: the error's class, e.g. `QueryFailedError 54000`. */
  ERROR_CLASS: 'dx_dlq_error_class',
  ORIGINAL_TOPIC: 'dx_dlq_original_topic',
  ORIGINAL_PARTITION: 'dx_dlq_original_partition',
  ORIGINAL_OFFSET: 'dx_dlq_original_offset',
  CONSUMER_GROUP: 'dx_dlq_consumer_group',
  FAILED_AT: 'dx_dlq_failed_at',
  /** Set when the letter could not carry the original whole: which parts were cut (`value`, `key`, `headers`). */
  TRUNCATED: 'dx_dlq_truncated',
  /** The original value's length in bytes and its SHA-256 (hex), set when the value was cut. */
  ORIGINAL_SIZE: 'dx_dlq_original_size',
  ORIGINAL_SHA256: 'dx_dlq_original_sha256',
} as const;

/** A record the pipeline could not apply, with where it was and why. */
export interface DeadLetter {
  /** Logical topic the record came from. */
  topic: string;
  partition: number;
  offset: string;
  record: RawRecord;
  reason: RejectionReason;
  errorClass?: string;
}

/*
 * Bounds of a letter, so that a letter always fits where its original did, with room for the headers added:
 * the value is cut (its size and SHA-256 say what it was), each original header value and the key too, and
 * original headers past a total are left out.
 */
const MAX_VALUE_BYTES = 256 * 1024;
const MAX_KEY_BYTES = 1024;
const MAX_HEADER_VALUE_BYTES = 1024;
const MAX_ORIGINAL_HEADER_BYTES = 16 * 1024;
const MAX_REASON_LENGTH = 2000;

/** The dead-letter record of a letter, for `<topic>.dlq`. */
export function deadLetterRecord(letter: DeadLetter, groupId: string, at: Date): TopicRecord {
  const cut: string[] = [];
  const { record } = letter;
  let value = record.value;
  const truncation: Record<string, string> = {};
  if (value !== null && value.length > MAX_VALUE_BYTES) {
    truncation[DeadLetterHeaders.ORIGINAL_SIZE] = String(value.length);
    truncation[DeadLetterHeaders.ORIGINAL_SHA256] = createHash('sha256').update(value).digest('hex');
    value = value.subarray(0, MAX_VALUE_BYTES);
    cut.push('value');
  }
  let key = record.key;
  if (key !== null && key.length > MAX_KEY_BYTES) {
    key = key.subarray(0, MAX_KEY_BYTES);
    cut.push('key');
  }
  const headers: Record<string, string | Buffer> = {};
  let headerBytes = 0;
  for (const [name, text] of Object.entries(record.headers)) {
    const bytes = Buffer.from(text, 'utf8');
    const kept = bytes.length > MAX_HEADER_VALUE_BYTES ? bytes.subarray(0, MAX_HEADER_VALUE_BYTES) : bytes;
    if (kept !== bytes && !cut.includes('headers')) cut.push('headers');
    if (headerBytes + name.length + kept.length > MAX_ORIGINAL_HEADER_BYTES || name.length > MAX_HEADER_VALUE_BYTES) {
      if (!cut.includes('headers')) cut.push('headers');
      continue;
    }
    headerBytes += name.length + kept.length;
    headers[name] = kept;
  }
  return {
    topic: deadLetterTopic(letter.topic),
    record: {
      key,
      value,
      headers: {
        ...headers,
        [DeadLetterHeaders.REASON]: letter.reason.message.slice(0, MAX_REASON_LENGTH),
        [DeadLetterHeaders.REASON_CODE]: letter.reason.code,
        ...(letter.errorClass ? { [DeadLetterHeaders.ERROR_CLASS]: letter.errorClass.slice(0, 200) } : {}),
        [DeadLetterHeaders.ORIGINAL_TOPIC]: letter.topic,
        [DeadLetterHeaders.ORIGINAL_PARTITION]: String(letter.partition),
        [DeadLetterHeaders.ORIGINAL_OFFSET]: letter.offset,
        [DeadLetterHeaders.CONSUMER_GROUP]: groupId,
        [DeadLetterHeaders.FAILED_AT]: at.toISOString(),
        ...truncation,
        ...(cut.length > 0 ? { [DeadLetterHeaders.TRUNCATED]: cut.join(',') } : {}),
      },
    },
  };
}
