import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { validatePayload } from '../validation/validate-payload';
import { IndicatorValueReportedV1 } from './indicator-value-reported.v1';

/** The class's decorators alone, as validatePayload checks without the fast path. */
function fullCheck(data: object): boolean {
  const errors = validateSync(plainToInstance(IndicatorValueReportedV1, data), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return errors.length === 0;
}

const value = { indicatorCode: 'BTS_STATIONS', orgUnitCode: '82', period: '2024', value: 12.5 };
const ratio = { indicatorCode: 'DVCTT_L4', orgUnitCode: '28249', period: '2024Q3', numerator: 3, denominator: 4 };

const payloads: [string, object][] = [
  ['a value', value],
  ['a monthly value of zero', { ...value, period: '202407', value: 0 }],
  ['a negative value', { ...value, value: -3 }],
  ['a ratio', ratio],
  ['a ratio with a zero numerator', { ...ratio, numerator: 0 }],
  ['a ratio with a zero denominator', { ...ratio, denominator: 0 }],
  ['a ratio with a negative numerator', { ...ratio, numerator: -1 }],
  ['a ratio without its denominator', { ...ratio, denominator: undefined }],
  ['a value and a ratio', { ...ratio, value: 1 }],
  ['a value and a numerator', { ...value, numerator: 1 }],
  ['neither', { indicatorCode: 'BTS_STATIONS', orgUnitCode: '82', period: '2024' }],
  ['a value of null', { ...value, value: null }],
  ['a value as text', { ...value, value: '12.5' }],
  ['an infinite value', { ...value, value: Infinity }],
  ['NaN', { ...value, value: NaN }],
  ['a lower-case code', { ...value, indicatorCode: 'bts' }],
  ['a four-digit org unit', { ...value, orgUnitCode: '8200' }],
  ['an org unit as a number', { ...value, orgUnitCode: 82 }],
  ['a week', { ...value, period: '2024W3' }],
  ['month 13', { ...value, period: '202413' }],
  ['a year out of range', { ...value, period: '1800' }],
  ['an unknown property', { ...value, unit: '%' }],
  ['a nested object', { ...value, indicatorCode: { code: 'BTS' } }],
];

describe('IndicatorValueReportedV1.conforms (the fast path of validatePayload)', () => {
  it.each(payloads)('never accepts what the full check refuses: %s', (_name, data) => {
    const conforms = IndicatorValueReportedV1.conforms(data as Record<string, unknown>);
    expect({ conforms, refused: !fullCheck(data) }).not.toEqual({ conforms: true, refused: true });
  });

  it.each(payloads)('answers as the full check does: %s', (_name, data) => {
    expect(validatePayload(IndicatorValueReportedV1, data).ok).toBe(fullCheck(data));
  });

  it('takes the usual shapes without the full check', () => {
    expect(IndicatorValueReportedV1.conforms(value)).toBe(true);
    expect(IndicatorValueReportedV1.conforms(ratio)).toBe(true);
    expect(IndicatorValueReportedV1.conforms({ ...value, value: null })).toBe(false);
  });

  it('gives the same payload either way', () => {
    const checked = validatePayload(IndicatorValueReportedV1, value);
    expect(checked).toEqual({ ok: true, payload: plainToInstance(IndicatorValueReportedV1, value) });
    expect(checked.ok && checked.payload).toBeInstanceOf(IndicatorValueReportedV1);
  });

  it('leaves the reasons to the full check', () => {
    expect(validatePayload(IndicatorValueReportedV1, { ...ratio, denominator: 0 })).toEqual({
      ok: false,
      reason: expect.stringContaining('denominator must be a positive number'),
    });
  });
});
