import { EventTypes, RejectionCodes } from '@dxhub/contracts';
import { type ConsumedMessage, RecordInspector } from './record-inspector';

const NOW = new Date('2026-06-01T00:00:00Z');
const TOPIC = 'dx.agency.STTTT.indicator-values';
const HEADERS = {
  ce_specversion: '1.0',
  ce_id: 'r-1',
  ce_source: '/agencies/STTTT',
  ce_type: EventTypes.INDICATOR_VALUE_REPORTED,
  ce_time: '2026-05-31T10:00:00+07:00',
  'content-type': 'application/json',
};
const BODY = { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024S2', value: 412 };

const agencies = new RecordInspector({
  accepts: [EventTypes.INDICATOR_VALUE_REPORTED],
  otherTypes: 'dead-letter',
  publishers: 'agencies',
});

function consumed(
  headers: Record<string, string | Buffer | (string | Buffer)[]> = HEADERS,
  value: string | Buffer | null = JSON.stringify(BODY),
  topic = TOPIC,
): ConsumedMessage {
  return {
    topic,
    partition: 2,
    offset: '41',
    message: {
      key: Buffer.from('BTS_COUNT'),
      value: typeof value === 'string' ? Buffer.from(value) : value,
      headers: headers as ConsumedMessage['message']['headers'],
    },
  };
}

describe('RecordInspector', () => {
  it('turns a valid agency report into an instance of its contract class, with the topic’s agency', () => {
    const inspection = agencies.inspect(consumed(), NOW);
    expect(inspection).toMatchObject({
      kind: 'event',
      event: {
        topic: TOPIC,
        partition: 2,
        offset: '41',
        key: 'BTS_COUNT',
        type: EventTypes.INDICATOR_VALUE_REPORTED,
        agencyCode: 'STTTT',
        event: { id: 'r-1', source: '/agencies/STTTT', data: BODY },
      },
    });
    expect(inspection.kind === 'event' && inspection.event.event.data.constructor.name).toBe(
      'IndicatorValueReportedV1',
    );
  });

  it.each([
    [
      'a body nested 10,000 levels',
      HEADERS,
      `{"a":${'['.repeat(10000)}${']'.repeat(10000)}}`,
      RejectionCodes.JSON_TOO_DEEP,
    ],
    ['an id of 9,000 characters', { ...HEADERS, ce_id: 'x'.repeat(9000) }, undefined, RejectionCodes.INVALID_ATTRIBUTE],
    [
      'a time in the year 9999',
      { ...HEADERS, ce_time: '9999-12-31T00:00:00Z' },
      undefined,
      RejectionCodes.TIME_IN_FUTURE,
    ],
    ['a date for a time', { ...HEADERS, ce_time: '2026-05-31' }, undefined, RejectionCodes.INVALID_TIME],
    ['another agency’s source', { ...HEADERS, ce_source: '/agencies/SYT' }, undefined, RejectionCodes.SOURCE_MISMATCH],
    [
      'a type the topic does not carry',
      { ...HEADERS, ce_type: 'dx.task.assigned' },
      undefined,
      RejectionCodes.TYPE_NOT_ACCEPTED,
    ],
    ['a number as text', HEADERS, JSON.stringify({ ...BODY, value: '412' }), RejectionCodes.PAYLOAD_INVALID],
    ['an unknown field', HEADERS, JSON.stringify({ ...BODY, unit: '%' }), RejectionCodes.PAYLOAD_INVALID],
    [
      'a value of 1e400 (Infinity)',
      HEADERS,
      '{"indicatorCode":"BTS_COUNT","orgUnitCode":"815","period":"2024S2","value":1e400}',
      RejectionCodes.PAYLOAD_INVALID,
    ],
    ['NaN in the body', HEADERS, '{"value": NaN}', RejectionCodes.BODY_NOT_JSON],
    [
      'a __proto__ key',
      HEADERS,
      '{"__proto__":{"polluted":true},"indicatorCode":"BTS_COUNT"}',
      RejectionCodes.JSON_FORBIDDEN_KEY,
    ],
    ['invalid UTF-8', HEADERS, Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), RejectionCodes.BODY_NOT_UTF8],
    ['no body', HEADERS, null, RejectionCodes.BODY_EMPTY],
    ['no headers at all', {}, undefined, RejectionCodes.NOT_A_CLOUDEVENT],
    ['ce_id twice', { ...HEADERS, ce_id: ['a', 'b'] }, undefined, RejectionCodes.HEADERS_INVALID],
    ['headers of 100 KB', { ...HEADERS, junk: 'x'.repeat(100_000) }, undefined, RejectionCodes.HEADERS_INVALID],
    [
      'an id that is invalid UTF-8',
      { ...HEADERS, ce_id: Buffer.from([0xff, 0xfe]) },
      undefined,
      RejectionCodes.INVALID_ATTRIBUTE,
    ],
  ])('dead-letters %s with its code', (_what, headers, body, code) => {
    const inspection = agencies.inspect(consumed(headers, body === undefined ? JSON.stringify(BODY) : body), NOW);
    expect(inspection).toMatchObject({ kind: 'letter', reason: { code, message: expect.any(String) } });
  });

  it('never lets a __proto__ key reach an object’s prototype', () => {
    agencies.inspect(consumed(HEADERS, '{"__proto__":{"polluted":true}}'), NOW);
    agencies.inspect(consumed({ ...HEADERS, ['__proto__']: 'x' }), NOW);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses a report on a topic that belongs to no agency', () => {
    expect(agencies.inspect(consumed(HEADERS, undefined, 'dx.tasks.events'), NOW)).toMatchObject({
      kind: 'letter',
      reason: { code: RejectionCodes.SOURCE_MISMATCH, message: "topic 'dx.tasks.events' is not an agency topic" },
    });
  });

  it('skips other types on a service topic instead of dead-lettering them', () => {
    const services = new RecordInspector({
      accepts: [EventTypes.TASK_OVERDUE],
      otherTypes: 'skip',
      publishers: 'services',
    });
    expect(services.inspect(consumed({ ...HEADERS, ce_type: 'dx.task.assigned' }), NOW)).toEqual({ kind: 'skip' });
  });

  it('answers with a letter, not an exception, whatever the record', () => {
    const broken = { topic: TOPIC, partition: 0, offset: '0', message: { key: null, value: null, headers: null } };
    expect(() => agencies.inspect(broken as unknown as ConsumedMessage, NOW)).not.toThrow();
    expect(agencies.inspect(broken as unknown as ConsumedMessage, NOW).kind).toBe('letter');
  });
});
