import {
  checkEventId,
  checkEventTime,
  checkJsonShape,
  EnvelopeLimits,
  parseJsonBody,
  parseRfc3339,
} from './envelope-rules';

const NOW = new Date('2026-06-01T00:00:00Z');

describe('envelope rules', () => {
  it.each([
    ['2026-05-31T23:59:59Z', Date.UTC(2026, 4, 31, 23, 59, 59)],
    ['2026-06-01T07:00:00+07:00', Date.UTC(2026, 5, 1, 0, 0, 0)],
    ['2026-05-31t20:00:00.5-04:00', Date.UTC(2026, 5, 1, 0, 0, 0, 500)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('reads %s as RFC 3339', (text, instant) => {
    expect(parseRfc3339(text)).toBe(instant);
  });

  it.each([
    '2026-06-01',
    '2026-06-01T00:00:00',
    '2026-06-01 00:00:00Z',
    '2026-6-1T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-06-01T24:00:00Z',
    '2026-06-01T00:00:60Z',
    '2026-06-01T00:00:00+0700',
    '+002026-06-01T00:00:00Z',
    'Mon, 01 Jun 2026 00:00:00 GMT',
  ])('refuses %s', (text) => {
    expect(parseRfc3339(text)).toBeNaN();
  });

  it('bounds a time to the platform’s years and a few minutes of clock skew', () => {
    expect(checkEventTime(undefined, NOW)).toBeNull();
    expect(checkEventTime('2026-06-01T00:04:59Z', NOW)).toBeNull();
    expect(checkEventTime('2026-06-01T00:05:01Z', NOW)).toMatchObject({ code: 'time-in-future' });
    expect(checkEventTime('1999-12-31T23:59:59Z', NOW)).toMatchObject({ code: 'time-too-old' });
    expect(checkEventTime(1717200000, NOW, 'reportedAt')).toEqual({
      code: 'invalid-time',
      message: "reportedAt must be an RFC 3339 timestamp such as 2025-01-10T08:00:00+07:00, got '1717200000'",
    });
  });

  it('bounds an id’s length and refuses control characters', () => {
    expect(checkEventId('x'.repeat(EnvelopeLimits.MAX_ID_LENGTH))).toBeNull();
    expect(checkEventId('x'.repeat(EnvelopeLimits.MAX_ID_LENGTH + 1))).toMatchObject({ code: 'invalid-attribute' });
    expect(checkEventId('')).toMatchObject({ code: 'missing-attribute' });
    expect(checkEventId('a\nb')).toMatchObject({ code: 'invalid-attribute' });
    expect(checkEventId('Báo cáo quý 3')).toBeNull();
  });

  it('walks JSON of any depth without recursion, and refuses what is too deep or reaches a prototype', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(checkJsonShape(deep)).toMatchObject({ code: 'json-too-deep' });
    const nested = (n: number): unknown => (n === 0 ? 1 : { a: nested(n - 1) });
    expect(checkJsonShape(nested(EnvelopeLimits.MAX_JSON_DEPTH))).toBeNull();
    expect(checkJsonShape(nested(EnvelopeLimits.MAX_JSON_DEPTH + 1))).toMatchObject({ code: 'json-too-deep' });
    expect(checkJsonShape(JSON.parse('{"a":[{"constructor":1}]}'))).toMatchObject({ code: 'json-forbidden-key' });
  });

  it('reads a body only when it is within size, UTF-8 and JSON', () => {
    expect(parseJsonBody(Buffer.from('{"tên":"Tiền Giang"}'))).toEqual({ ok: true, value: { tên: 'Tiền Giang' } });
    expect(parseJsonBody(Buffer.alloc(EnvelopeLimits.MAX_BODY_BYTES + 1, 0x20))).toMatchObject({
      ok: false,
      code: 'body-too-large',
    });
    expect(parseJsonBody(Buffer.from([0xe1, 0xba]))).toMatchObject({ ok: false, code: 'body-not-utf8' });
    expect(parseJsonBody(Buffer.from('{'))).toMatchObject({ ok: false, code: 'body-not-json' });
  });
});
