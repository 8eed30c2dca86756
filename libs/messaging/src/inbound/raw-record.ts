import { CloudEventHeaders, EnvelopeLimits, type RejectionReason, RejectionCodes } from '@dxhub/contracts';
import type { IHeaders, KafkaMessage } from 'kafkajs';

/** A Kafka record as the pipeline sees it: no kafkajs types leak past the messaging lib. */
export interface RawRecord {
  key: Buffer | null;
  value: Buffer | null;
  /** Header values as UTF-8 text (the first of repeated ones); a null-prototype object, so any name is safe. */
  headers: Record<string, string>;
}

const CLOUD_EVENT_HEADERS: ReadonlySet<string> = new Set(Object.values(CloudEventHeaders));

/**
 * A consumed message as a RawRecord, and what makes its headers unreadable: a CloudEvents header given
 * twice (which one would count?) or more header bytes than EnvelopeLimits.MAX_HEADER_BYTES.
 */
export function fromKafkaMessage(message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): {
  record: RawRecord;
  problem: RejectionReason | null;
} {
  const headers = Object.create(null) as Record<string, string>;
  let problem: RejectionReason | null = null;
  let bytes = 0;
  for (const [name, raw] of Object.entries((message.headers ?? {}) as IHeaders)) {
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length === 0) continue;
    const text = values.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
    bytes += name.length + text.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
    if (values.length > 1 && CLOUD_EVENT_HEADERS.has(name.toLowerCase())) {
      problem ??= { code: RejectionCodes.HEADERS_INVALID, message: `header '${name}' is given ${values.length} times` };
    }
    headers[name] = text[0];
  }
  if (bytes > EnvelopeLimits.MAX_HEADER_BYTES) {
    problem = {
      code: RejectionCodes.HEADERS_INVALID,
      message: `the headers take ${bytes} bytes; at most ${EnvelopeLimits.MAX_HEADER_BYTES} are accepted`,
    };
  }
  return { record: { key: message.key ?? null, value: message.value ?? null, headers }, problem };
}
