import { deadLetterTopic } from '@dxhub/contracts';
import type { RawRecord } from './cloud-event.codec';

/** Headers a dead-lettered record carries beside its original key, value and headers. */
export const DeadLetterHeaders = {
  REASON: 'dx_dlq_reason',
  ORIGINAL_TOPIC: 'dx_dlq_original_topic',
  ORIGINAL_PARTITION: 'dx_dlq_original_partition',
  ORIGINAL_OFFSET: 'dx_dlq_original_offset',
  CONSUMER_GROUP: 'dx_dlq_consumer_group',
  FAILED_AT: 'dx_dlq_failed_at',
} as const;

export interface DeadLetter {
  /** Logical topic the record came from. */
  topic: string;
  partition: number;
  offset: string;
  record: RawRecord;
  reason: string;
}

/** Header values are capped so one monstrous reason cannot exceed the broker's message size. */
const MAX_REASON_LENGTH = 2000;

export function deadLetterMessage(letter: DeadLetter, groupId: string, at: Date) {
  return {
    topic: deadLetterTopic(letter.topic),
    key: letter.record.key,
    value: letter.record.value,
    headers: {
      ...letter.record.headers,
      [DeadLetterHeaders.REASON]: letter.reason.slice(0, MAX_REASON_LENGTH),
      [DeadLetterHeaders.ORIGINAL_TOPIC]: letter.topic,
      [DeadLetterHeaders.ORIGINAL_PARTITION]: String(letter.partition),
      [DeadLetterHeaders.ORIGINAL_OFFSET]: letter.offset,
      [DeadLetterHeaders.CONSUMER_GROUP]: groupId,
      [DeadLetterHeaders.FAILED_AT]: at.toISOString(),
    },
  };
}
