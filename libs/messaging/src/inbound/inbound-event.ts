import type { CloudEvent, EventType, PayloadOf, RejectionCode } from '@dxhub/contracts';
import type { RawRecord } from './raw-record';

/** A consumed record whose envelope, contract and publisher passed: an instance of its contract class. */
export interface InboundEvent<T extends EventType = EventType> {
  /** Logical topic (without KAFKA_TOPIC_PREFIX). */
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  type: T;
  event: CloudEvent<PayloadOf<T>> & { type: T };
  /** The agency whose topic carried the event (agency topics only): the broker's ACLs vouch for it. */
  agencyCode: string | null;
  /** When the pipeline took the record. */
  receivedAt: Date;
  record: RawRecord;
}

/** One InboundEvent per type of T: `if (e.type === X)` narrows `e.event.data` to X's payload class. */
export type Inbound<T extends EventType> = T extends EventType ? InboundEvent<T> : never;

/** A handler's refusal of one event: dead-lettered with the code (REFUSED unless given) and the reason. */
export interface Refusal {
  event: InboundEvent;
  reason: string;
  code?: RejectionCode;
}
