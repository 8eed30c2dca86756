import {
  checkEventTime,
  checkOptionalAttribute,
  checkRequiredAttribute,
  CLOUD_EVENTS_SPEC_VERSION,
  type CloudEvent,
  CloudEventHeaders,
  EnvelopeLimits,
  JSON_CONTENT_TYPE,
  parseJsonBody,
  type RejectionReason,
  RejectionCodes,
  shorten,
  STRUCTURED_CONTENT_TYPE,
} from '@dxhub/contracts';
import type { RawRecord } from './raw-record';

export type DecodeResult =
  { ok: true; event: CloudEvent; mode: 'binary' | 'structured' } | ({ ok: false } & RejectionReason);

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

/**
 * Reads a record in either content mode and checks its envelope against the platform's envelope rules
 * (libs/contracts EnvelopeLimits): the body's size, encoding, JSON and shape, and every attribute. What it
 * cannot accept comes back as a rejection code and a message, never as an exception.
 */
export function decodeCloudEvent(record: RawRecord, receivedAt: Date): DecodeResult {
  const contentType = (record.headers[CloudEventHeaders.CONTENT_TYPE] ?? '').split(';')[0].trim().toLowerCase();
  const structured = contentType === STRUCTURED_CONTENT_TYPE;
  if (!structured && record.headers[CloudEventHeaders.SPEC_VERSION] === undefined) {
    return {
      ok: false,
      code: RejectionCodes.NOT_A_CLOUDEVENT,
      message: 'not a CloudEvent: no ce_specversion header and content-type is not application/cloudevents+json',
    };
  }
  if (!structured && contentType !== '' && contentType !== JSON_CONTENT_TYPE) {
    return {
      ok: false,
      code: RejectionCodes.UNSUPPORTED_CONTENT_TYPE,
      message: `unsupported content-type '${shorten(contentType)}': send application/json`,
    };
  }
  const body = parseJsonBody(record.value);
  if (!body.ok) return body;
  if (structured) return fromStructured(body.value, receivedAt);
  return withCheckedAttributes(
    {
      specversion: record.headers[CloudEventHeaders.SPEC_VERSION],
      id: record.headers[CloudEventHeaders.ID],
      source: record.headers[CloudEventHeaders.SOURCE],
      type: record.headers[CloudEventHeaders.TYPE],
      time: record.headers[CloudEventHeaders.TIME],
      subject: record.headers[CloudEventHeaders.SUBJECT],
      dataschema: record.headers[CloudEventHeaders.DATA_SCHEMA],
      datacontenttype: JSON_CONTENT_TYPE,
      data: body.value,
    },
    'binary',
    receivedAt,
  );
}

function fromStructured(envelope: unknown, receivedAt: Date): DecodeResult {
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    return {
      ok: false,
      code: RejectionCodes.NOT_A_CLOUDEVENT,
      message: 'structured CloudEvent body must be a JSON object',
    };
  }
  const e = envelope as Record<string, unknown>;
  if (e.datacontenttype !== undefined && e.datacontenttype !== JSON_CONTENT_TYPE) {
    return {
      ok: false,
      code: RejectionCodes.UNSUPPORTED_CONTENT_TYPE,
      message: `unsupported datacontenttype '${shorten(String(e.datacontenttype))}': send application/json`,
    };
  }
  if (!('data' in e)) {
    return { ok: false, code: RejectionCodes.MISSING_ATTRIBUTE, message: 'structured CloudEvent has no data' };
  }
  return withCheckedAttributes(
    {
      specversion: e.specversion,
      id: e.id,
      source: e.source,
      type: e.type,
      time: e.time,
      subject: e.subject,
      dataschema: e.dataschema,
      datacontenttype: JSON_CONTENT_TYPE,
      data: e.data,
    },
    'structured',
    receivedAt,
  );
}

function withCheckedAttributes(
  attributes: Record<keyof CloudEvent, unknown>,
  mode: 'binary' | 'structured',
  receivedAt: Date,
): DecodeResult {
  if (attributes.specversion !== CLOUD_EVENTS_SPEC_VERSION) {
    return {
      ok: false,
      code: RejectionCodes.UNSUPPORTED_SPEC_VERSION,
      message: `unsupported CloudEvents specversion '${shorten(String(attributes.specversion))}': send 1.0`,
    };
  }
  const label = (name: string) => `CloudEvents attribute '${name}'${mode === 'binary' ? ` (ce_${name} header)` : ''}`;
  const problem =
    checkRequiredAttribute(label('id'), attributes.id, EnvelopeLimits.MAX_ID_LENGTH) ??
    checkRequiredAttribute(label('source'), attributes.source, EnvelopeLimits.MAX_SOURCE_LENGTH) ??
    checkRequiredAttribute(label('type'), attributes.type, EnvelopeLimits.MAX_TYPE_LENGTH) ??
    checkOptionalAttribute(label('subject'), attributes.subject, EnvelopeLimits.MAX_SUBJECT_LENGTH) ??
    checkOptionalAttribute(label('dataschema'), attributes.dataschema, EnvelopeLimits.MAX_SOURCE_LENGTH) ??
    checkEventTime(attributes.time, receivedAt, label('time'));
  if (problem) return { ok: false, ...problem };
  // Every attribute is a checked string (or absent) now.
  return { ok: true, event: attributes as unknown as CloudEvent, mode };
}
