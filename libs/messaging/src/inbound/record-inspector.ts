import {
  agencySource,
  EVENT_CATALOG,
  type EventType,
  parseAgencyTopic,
  type RejectionReason,
  RejectionCodes,
  shorten,
  validatePayload,
} from '@dxhub/contracts';
import { decodeCloudEvent } from './cloud-event.codec';
import type { Inbound, InboundEvent } from './inbound-event';
import { fromKafkaMessage, type RawRecord } from './raw-record';

/** Who may publish on the consumed topics. */
export type Publishers =
  /** Agencies, each on its own `dx.agency.<code>.*` topics: `ce_source` must name the topic's agency. */
  | 'agencies'
  /**
   * The platform's services (their outbox relays): the topic's ACLs are the only check, and properties the
   * contract class does not know are dropped rather than refused (a producer may be a version ahead).
   */
  | 'services';

export interface InspectionRules<T extends EventType> {
  /** Event types accepted; each is checked against its contract class. */
  accepts: readonly T[];
  /**
   * A well-formed event of another type: dead-lettered (an agency topic carries only what the agency may
   * send) or skipped (a service's topic carries many types, each consumer reads its own).
   */
  otherTypes: 'dead-letter' | 'skip';
  publishers: Publishers;
}

/** A consumed message with its place in the log. */
export interface ConsumedMessage {
  /** Logical topic. */
  topic: string;
  partition: number;
  offset: string;
  message: Parameters<typeof fromKafkaMessage>[0];
}

export type Inspection<T extends EventType> =
  | { kind: 'event'; event: Inbound<T> }
  | { kind: 'skip' }
  | { kind: 'letter'; record: RawRecord; reason: RejectionReason; eventId?: string; source?: string; type?: string };

/**
 * Every step from a record's bytes to an event a handler may apply, in order: headers, envelope (the
 * platform's envelope rules), event type, contract class, publisher. Pure and total: whatever the bytes,
 * the answer is an event, a skip or a letter with its reason, never an exception.
 */
export class RecordInspector<T extends EventType> {
  private readonly accepted: ReadonlySet<string>;

  constructor(private readonly rules: InspectionRules<T>) {
    this.accepted = new Set(rules.accepts);
  }

  inspect(consumed: ConsumedMessage, receivedAt: Date): Inspection<T> {
    let record: RawRecord = { key: null, value: null, headers: {} };
    try {
      const raw = fromKafkaMessage(consumed.message);
      record = raw.record;
      if (raw.problem) return { kind: 'letter', record, reason: raw.problem };
      return this.inspectRecord(consumed, record, receivedAt);
    } catch (error) {
      // A defect of the pipeline itself, not of the record: still a letter, so the partition moves on.
      return {
        kind: 'letter',
        record,
        reason: {
          code: RejectionCodes.PROCESSING_FAILED,
          message: `inspection failed: ${shorten(String((error as Error)?.message ?? error))}`,
        },
      };
    }
  }

  private inspectRecord(consumed: ConsumedMessage, record: RawRecord, receivedAt: Date): Inspection<T> {
    const decoded = decodeCloudEvent(record, receivedAt);
    if (!decoded.ok) return { kind: 'letter', record, reason: { code: decoded.code, message: decoded.message } };
    const envelope = decoded.event;
    const identity = { eventId: envelope.id, source: envelope.source, type: envelope.type };
    if (!this.accepted.has(envelope.type)) {
      if (this.rules.otherTypes === 'skip') return { kind: 'skip' };
      return {
        kind: 'letter',
        record,
        ...identity,
        reason: {
          code: RejectionCodes.TYPE_NOT_ACCEPTED,
          message: `event type '${shorten(envelope.type)}' is not accepted on this topic (expected ${this.rules.accepts.join(', ')})`,
        },
      };
    }
    const type = envelope.type as T;
    // An agency's unknown property is a mistake to report; a service's may be a field added before we know it.
    const payload = validatePayload(
      EVENT_CATALOG[type].payload as new () => object,
      envelope.data,
      this.rules.publishers === 'agencies' ? 'refuse' : 'strip',
    );
    if (!payload.ok) {
      return {
        kind: 'letter',
        record,
        ...identity,
        reason: { code: RejectionCodes.PAYLOAD_INVALID, message: `invalid ${type} payload: ${payload.reason}` },
      };
    }
    let agencyCode: string | null = null;
    if (this.rules.publishers === 'agencies') {
      const owner = parseAgencyTopic(consumed.topic);
      const expected = owner ? agencySource(owner.agencyCode) : null;
      if (envelope.source !== expected) {
        return {
          kind: 'letter',
          record,
          ...identity,
          reason: {
            code: RejectionCodes.SOURCE_MISMATCH,
            message: expected
              ? `ce_source '${shorten(envelope.source)}' does not match the topic's agency: expected '${expected}'`
              : `topic '${consumed.topic}' is not an agency topic`,
          },
        };
      }
      agencyCode = owner?.agencyCode ?? null;
    }
    const event: InboundEvent<T> = {
      topic: consumed.topic,
      partition: consumed.partition,
      offset: consumed.offset,
      key: record.key?.toString('utf8') ?? null,
      type,
      event: { ...envelope, type, data: payload.payload } as InboundEvent<T>['event'],
      agencyCode,
      receivedAt,
      record,
    };
    return { kind: 'event', event: event as Inbound<T> };
  }
}
