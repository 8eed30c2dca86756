import { RejectionCodes } from '@dxhub/contracts';
import { createHash } from 'node:crypto';
import { approximateSize } from '../broker/kafka-gateway';
import { DeadLetterHeaders, deadLetterRecord } from './dead-letters';

const AT = new Date('2026-06-01T00:00:00Z');
const letter = (value: Buffer | null, headers: Record<string, string> = {}, key: Buffer | null = Buffer.from('K')) => ({
  topic: 'dx.agency.STTTT.indicator-values',
  partition: 1,
  offset: '99',
  record: { key, value, headers },
  reason: { code: RejectionCodes.JSON_TOO_DEEP, message: 'the JSON nests deeper than 32 levels' },
});

describe('deadLetterRecord', () => {
  it('keeps the original key, value and headers and adds where it came from and why', () => {
    const { topic, record } = deadLetterRecord(
      letter(Buffer.from('{"a":1}'), { ce_id: 'e-1' }),
      'indicators-intake',
      AT,
    );
    expect(topic).toBe('dx.agency.STTTT.indicator-values.dlq');
    expect(record.key).toEqual(Buffer.from('K'));
    expect(record.value).toEqual(Buffer.from('{"a":1}'));
    expect(record.headers).toMatchObject({
      ce_id: Buffer.from('e-1'),
      [DeadLetterHeaders.REASON]: 'the JSON nests deeper than 32 levels',
      [DeadLetterHeaders.REASON_CODE]: 'json-too-deep',
      [DeadLetterHeaders.ORIGINAL_TOPIC]: 'dx.agency.STTTT.indicator-values',
      [DeadLetterHeaders.ORIGINAL_PARTITION]: '1',
      [DeadLetterHeaders.ORIGINAL_OFFSET]: '99',
      [DeadLetterHeaders.CONSUMER_GROUP]: 'indicators-intake',
      [DeadLetterHeaders.FAILED_AT]: '2026-06-01T00:00:00.000Z',
    });
    expect(record.headers).not.toHaveProperty(DeadLetterHeaders.TRUNCATED);
  });

  it('cuts a value too large to carry, and says how long it was and its SHA-256', () => {
    const original = Buffer.alloc(900 * 1024, 'x');
    const { record } = deadLetterRecord(letter(original), 'g', AT);
    expect((record.value as Buffer).length).toBe(256 * 1024);
    expect(record.headers).toMatchObject({
      [DeadLetterHeaders.TRUNCATED]: 'value',
      [DeadLetterHeaders.ORIGINAL_SIZE]: String(original.length),
      [DeadLetterHeaders.ORIGINAL_SHA256]: createHash('sha256').update(original).digest('hex'),
    });
  });

  it('bounds a letter whatever its original carried: huge headers, a huge key, a huge reason', () => {
    const headers = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`h${i}`, 'v'.repeat(5000)]));
    const big = letter(Buffer.alloc(1024 * 1024, 'x'), { ...headers, ce_id: 'i'.repeat(9000) }, Buffer.alloc(50_000));
    big.reason.message = 'm'.repeat(50_000);
    const { record } = deadLetterRecord(big, 'g', AT);
    expect(approximateSize(record)).toBeLessThan(300 * 1024);
    expect(record.headers?.[DeadLetterHeaders.TRUNCATED]).toBe('value,key,headers');
    expect((record.headers?.[DeadLetterHeaders.REASON] as string).length).toBe(2000);
  });

  it('lets no original header pose as one of its own', () => {
    const { record } = deadLetterRecord(letter(Buffer.from('{}'), { dx_dlq_reason: 'forged' }), 'g', AT);
    expect(record.headers?.[DeadLetterHeaders.REASON]).toBe('the JSON nests deeper than 32 levels');
  });
});
