import { parseAgencyTopic } from '@dxhub/contracts';
import type { DeadLetter } from './dead-letters';
import type { FailedEvent } from './event-applier';
import type { Inspection } from './record-inspector';
import type { RejectedEvent } from './rejection-log';

/*
 * What a refused record becomes: its dead letter (for `<topic>.dlq`) and its row in the rejection log, built from
 * the same facts so the two always agree.
 */

/** A refused record's dead letter and rejection-log row. */
export interface Refusal {
  letter: DeadLetter;
  rejected: RejectedEvent;
}

/** A record the inspector refused (not an event, or not one this consumer may apply), at `offset` of `topic`. */
export function refusedRecord(
  inspection: Extract<Inspection<never>, { kind: 'letter' }>,
  topic: string,
  partition: number,
  offset: string,
  at: Date,
): Refusal {
  return {
    letter: { topic, partition, offset, record: inspection.record, reason: inspection.reason },
    rejected: {
      channel: 'kafka',
      topic,
      partition,
      offset,
      agency: agencyOf(topic),
      eventId: inspection.eventId ?? inspection.record.headers.ce_id ?? null,
      eventSource: inspection.source ?? inspection.record.headers.ce_source ?? null,
      eventType: inspection.type ?? inspection.record.headers.ce_type ?? null,
      code: inspection.reason.code,
      message: inspection.reason.message,
      at,
    },
  };
}

/** A checked event the handler could not apply for good (the applier narrowed the failure down to it). */
export function failedEvent(failed: FailedEvent, at: Date): Refusal {
  const e = failed.event;
  return {
    letter: {
      topic: e.topic,
      partition: e.partition,
      offset: e.offset,
      record: e.record,
      reason: failed.reason,
      errorClass: failed.errorClass,
    },
    rejected: {
      channel: 'kafka',
      topic: e.topic,
      partition: e.partition,
      offset: e.offset,
      agency: e.agencyCode ?? agencyOf(e.topic),
      eventId: e.event.id,
      eventSource: e.event.source,
      eventType: e.event.type,
      code: failed.reason.code,
      message: failed.errorClass ? `${failed.reason.message} (${failed.errorClass})` : failed.reason.message,
      at,
    },
  };
}

/** The agency a topic belongs to (`dx.agency.<code>.<stream>`), or null. */
function agencyOf(topic: string): string | null {
  return parseAgencyTopic(topic)?.agencyCode ?? null;
}
