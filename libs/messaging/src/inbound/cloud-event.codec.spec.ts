import { decodeCloudEvent, encodeBinary, type RawRecord } from './cloud-event.codec';

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
    const decoded = decodeCloudEvent(binary(headers, value));
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
    );
    expect(decoded).toEqual({
      ok: true,
      mode: 'structured',
      event: expect.objectContaining({ id: 's-1', data: { a: 1 } }),
    });
  });

  it.each([
    ['a body that is not JSON', HEADERS, '{"a":', /not JSON/],
    ['an empty body', HEADERS, null, /empty message body/],
    ['no CloudEvents headers', { 'content-type': 'application/json' }, '{}', /no ce_specversion header/],
    ['a missing id', { ...HEADERS, ce_id: '' }, '{}', /missing CloudEvents attribute 'id'/],
    ['another spec version', { ...HEADERS, ce_specversion: '0.3' }, '{}', /specversion '0.3'/],
    ['a time that is not a time', { ...HEADERS, ce_time: 'yesterday' }, '{}', /RFC 3339/],
    ['another content type', { ...HEADERS, 'content-type': 'application/xml' }, '<a/>', /unsupported content-type/],
  ])('refuses %s with a reason', (_what, headers, body, reason) => {
    const decoded = decodeCloudEvent(binary(headers as Record<string, string>, body as string | null));
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.reason).toMatch(reason as RegExp);
  });

  it('refuses bytes that are not UTF-8', () => {
    const record = { key: null, value: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), headers: HEADERS };
    expect(decodeCloudEvent(record)).toEqual({ ok: false, reason: 'message body is not valid UTF-8' });
  });
});
