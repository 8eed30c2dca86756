import { decodeCloudEvent, encodeBinary } from './cloud-event.codec';
import type { RawRecord } from './raw-record';

const NOW = new Date('2025-01-02T03:05:00Z');

const binary = (headers: Record<string, string>, body: string | null): RawRecord => ({
  key: Buffer.from('BTS_COUNT'),
  value: body === null ? null : Buffer.from(body, 'utf8'),
  headers,
});

const HEADERS = {
  ce_specversion: '1.0',
  ce_id: 'e-1',
  ce_source: '/agencies/STTTT',
  ce_type: 'dx.indicator-value.reported',
  ce_time: '2025-01-02T03:04:05Z',
  'content-type': 'application/json',
};

describe('CloudEvents codec', () => {
  it('round-trips binary mode, Vietnamese text included', () => {
    const { headers, value } = encodeBinary({
      specversion: '1.0',
      id: 'e-1',
      source: '/services/indicators',
      type: 'dx.indicator-aggregate.updated',
      time: '2025-01-02T03:04:05.000Z',
      subject: 'BTS_COUNT/82/2024',
      data: { orgUnitName: 'Tỉnh Tiền Giang' },
    });
    const decoded = decodeCloudEvent(binary(headers, value), NOW);
    expect(decoded).toEqual({
      ok: true,
      mode: 'binary',
      event: expect.objectContaining({
        id: 'e-1',
        subject: 'BTS_COUNT/82/2024',
        data: { orgUnitName: 'Tỉnh Tiền Giang' },
      }),
    });
  });

  it('reads structured mode', () => {
    const envelope = { specversion: '1.0', id: 's-1', source: '/agencies/SYT', type: 't', data: { a: 1 } };
    const decoded = decodeCloudEvent(
      binary({ 'content-type': 'application/cloudevents+json; charset=utf-8' }, JSON.stringify(envelope)),
      NOW,
    );
    expect(decoded).toEqual({
      ok: true,
      mode: 'structured',
      event: expect.objectContaining({ id: 's-1', data: { a: 1 } }),
    });
  });

  it.each([
    ['a body that is not JSON', HEADERS, '{"a":', 'body-not-json', /not JSON/],
    ['an empty body', HEADERS, null, 'body-empty', /empty message body/],
    ['no CloudEvents headers', { 'content-type': 'application/json' }, '{}', 'not-a-cloudevent', /no ce_specversion/],
    ['a missing id', { ...HEADERS, ce_id: '' }, '{}', 'missing-attribute', /missing CloudEvents attribute 'id'/],
    [
      'an id of 9,000 characters',
      { ...HEADERS, ce_id: 'x'.repeat(9000) },
      '{}',
      'invalid-attribute',
      /9000 characters/,
    ],
    ['an id with a control character', { ...HEADERS, ce_id: 'a\u0000b' }, '{}', 'invalid-attribute', /control/],
    ['another spec version', { ...HEADERS, ce_specversion: '0.3' }, '{}', 'unsupported-specversion', /'0.3'/],
    ['a time that is not a time', { ...HEADERS, ce_time: 'yesterday' }, '{}', 'invalid-time', /RFC 3339/],
    ['a date without a time', { ...HEADERS, ce_time: '2025-01-02' }, '{}', 'invalid-time', /RFC 3339/],
    ['a time without a zone', { ...HEADERS, ce_time: '2025-01-02T03:04:05' }, '{}', 'invalid-time', /RFC 3339/],
    ['the 30th of February', { ...HEADERS, ce_time: '2024-02-30T00:00:00Z' }, '{}', 'invalid-time', /RFC 3339/],
    ['the year 9999', { ...HEADERS, ce_time: '9999-12-31T00:00:00Z' }, '{}', 'time-in-future', /ahead of the platform/],
    ['ten minutes ahead', { ...HEADERS, ce_time: '2025-01-02T03:15:00Z' }, '{}', 'time-in-future', /by more than 5/],
    ['the year 1970', { ...HEADERS, ce_time: '1970-01-01T00:00:00Z' }, '{}', 'time-too-old', /before 2000/],
    [
      'another content type',
      { ...HEADERS, 'content-type': 'application/xml' },
      '<a/>',
      'unsupported-content-type',
      /xml/,
    ],
    ['JSON nested 10,000 levels', HEADERS, '['.repeat(10000) + ']'.repeat(10000), 'json-too-deep', /32 levels/],
    ['a __proto__ key', HEADERS, '{"a":{"__proto__":{"x":1}}}', 'json-forbidden-key', /__proto__/],
  ])('refuses %s with a reason', (_what, headers, body, code, message) => {
    const decoded = decodeCloudEvent(binary(headers as Record<string, string>, body as string | null), NOW);
    expect(decoded).toEqual({ ok: false, code, message: expect.stringMatching(message as RegExp) });
  });

  it('takes a time with an offset and a fraction, and one a few minutes ahead (clock skew)', () => {
    for (const ce_time of ['2025-01-02T10:04:05.123456+07:00', '2025-01-02T03:09:00Z', '2025-01-02t03:04:05z']) {
      expect(decodeCloudEvent(binary({ ...HEADERS, ce_time }, '{}'), NOW)).toMatchObject({ ok: true });
    }
  });

  it('refuses bytes that are not UTF-8', () => {
    const record = { key: null, value: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), headers: HEADERS };
    expect(decodeCloudEvent(record, NOW)).toEqual({
      ok: false,
      code: 'body-not-utf8',
      message: 'message body is not valid UTF-8',
    });
  });

  it('keeps a body with U+FFFD written as proper UTF-8 (the character itself is valid)', () => {
    const decoded = decodeCloudEvent(binary(HEADERS, JSON.stringify({ note: 'bad \ufffd char' })), NOW);
    expect(decoded).toMatchObject({ ok: true, event: { data: { note: 'bad \ufffd char' } } });
  });
});
