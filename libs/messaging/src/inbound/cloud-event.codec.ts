import {
  CLOUD_EVENTS_SPEC_VERSION,
  type CloudEvent,
  CloudEventHeaders,
  JSON_CONTENT_TYPE,
  STRUCTURED_CONTENT_TYPE,
} from '@dxhub/contracts';

/** A Kafka record as the codec sees it: no kafkajs types leak past the messaging lib. */
export interface RawRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export type DecodeResult =
  { ok: true; event: CloudEvent; mode: 'binary' | 'structured' } | { ok: false; reason: string };

/** Binary content mode: attributes as `ce_*` headers, the data as a UTF-8 JSON body. */
export function encodeBinary(event: CloudEvent): { headers: Record<string, string>; value: string } {
  const headers: Record<string, string> = {
    [CloudEventHeaders.SPEC_VERSION]: CLOUD_EVENTS_SPEC_VERSION,
    [CloudEventHeaders.ID]: event.id,
    [CloudEventHeaders.SOURCE]: event.source,
    [CloudEventHeaders.TYPE]: event.type,
    [CloudEventHeaders.CONTENT_TYPE]: JSON_CONTENT_TYPE,
  };
  if (event.time) headers[CloudEventHeaders.TIME] = event.time;
  if (event.subject) headers[CloudEventHeaders.SUBJECT] = event.subject;
  if (event.dataschema) headers[CloudEventHeaders.DATA_SCHEMA] = event.dataschema;
  return { headers, value: JSON.stringify(event.data) };
}

/** Reads a record in either content mode; a reason says what is wrong when it cannot. */
export function decodeCloudEvent(record: RawRecord): DecodeResult {
  const contentType = (record.headers[CloudEventHeaders.CONTENT_TYPE] ?? '').split(';')[0].trim().toLowerCase();
  if (record.value === null || record.value.length === 0) return { ok: false, reason: 'empty message body' };
  const structured = contentType === STRUCTURED_CONTENT_TYPE;
  if (!structured && record.headers[CloudEventHeaders.SPEC_VERSION] === undefined) {
    return {
      ok: false,
      reason: 'not a CloudEvent: no ce_specversion header and content-type is not application/cloudevents+json',
    };
  }
  if (!structured && contentType !== '' && contentType !== JSON_CONTENT_TYPE) {
    return { ok: false, reason: `unsupported content-type '${contentType}': send application/json` };
  }
  const body = parseJson(record.value);
  if (!body.ok) return body;
  if (structured) return fromStructured(body.value);
  return withRequiredAttributes(
    {
      specversion: record.headers[CloudEventHeaders.SPEC_VERSION],
      id: record.headers[CloudEventHeaders.ID],
      source: record.headers[CloudEventHeaders.SOURCE],
      type: record.headers[CloudEventHeaders.TYPE],
      time: record.headers[CloudEventHeaders.TIME],
      subject: record.headers[CloudEventHeaders.SUBJECT],
      datacontenttype: JSON_CONTENT_TYPE,
      data: body.value,
    },
    'binary',
  );
}

function fromStructured(envelope: unknown): DecodeResult {
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    return { ok: false, reason: 'structured CloudEvent body must be a JSON object' };
  }
  const e = envelope as Record<string, unknown>;
  if (e.datacontenttype !== undefined && e.datacontenttype !== JSON_CONTENT_TYPE) {
    return { ok: false, reason: `unsupported datacontenttype '${String(e.datacontenttype)}': send application/json` };
  }
  return withRequiredAttributes({ ...e, datacontenttype: JSON_CONTENT_TYPE }, 'structured');
}

function withRequiredAttributes(attributes: Record<string, unknown>, mode: 'binary' | 'structured'): DecodeResult {
  if (attributes.specversion !== CLOUD_EVENTS_SPEC_VERSION) {
    return { ok: false, reason: `unsupported CloudEvents specversion '${String(attributes.specversion)}': send 1.0` };
  }
  for (const name of ['id', 'source', 'type'] as const) {
    const value = attributes[name];
    if (typeof value !== 'string' || value.trim() === '') {
      return {
        ok: false,
        reason: `missing CloudEvents attribute '${name}' (${mode === 'binary' ? `ce_${name} header` : name})`,
      };
    }
  }
  if (
    attributes.time !== undefined &&
    (typeof attributes.time !== 'string' || Number.isNaN(Date.parse(attributes.time)))
  ) {
    return {
      ok: false,
      reason: `CloudEvents attribute 'time' must be an RFC 3339 timestamp, got '${String(attributes.time)}'`,
    };
  }
  if (!('data' in attributes)) return { ok: false, reason: 'structured CloudEvent has no data' };
  return { ok: true, event: attributes as unknown as CloudEvent, mode };
}

function parseJson(value: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } {
  const text = value.toString('utf8');
  if (Buffer.byteLength(text, 'utf8') !== value.length || text.includes('\uFFFD')) {
    return { ok: false, reason: 'message body is not valid UTF-8' };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: `message body is not JSON: ${(error as Error).message}` };
  }
}
