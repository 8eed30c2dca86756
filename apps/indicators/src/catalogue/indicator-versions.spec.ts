import { PeriodType } from '@dxhub/periods';
import type { IndicatorDefinition } from './indicator-definition';
import { addDays, effectiveTo, isIsoDate, toCatalogueIndicator, versionOn } from './indicator-versions';

const v = (effectiveFrom: string | null, tag: string) => ({ effectiveFrom, tag });

describe('versionOn', () => {
  const versions = [v(null, 'first'), v('2025-03-01', 'second'), v('2026-01-01', 'third')];

  it('picks the version with the latest effective date on or before the date', () => {
    expect(versionOn(versions, '2024-12-31')?.tag).toBe('first');
    expect(versionOn(versions, '2025-02-28')?.tag).toBe('first');
    expect(versionOn(versions, '2025-03-01')?.tag).toBe('second');
    expect(versionOn(versions, '2025-12-31')?.tag).toBe('second');
    expect(versionOn(versions, '2026-01-01')?.tag).toBe('third');
    expect(versionOn(versions, '2099-12-31')?.tag).toBe('third');
  });

  it('gives the earliest version for a date before every version', () => {
    const dated = [v('2025-03-01', 'second'), v('2026-01-01', 'third')];
    expect(versionOn(dated, '2020-01-01')?.tag).toBe('second');
  });

  it('has nothing for no versions', () => {
    expect(versionOn([], '2025-01-01')).toBeUndefined();
  });
});

describe('effectiveTo', () => {
  it('is the day before the next version, and open for the latest', () => {
    const versions = [v(null, 'a'), v('2024-03-01', 'b'), v('2026-01-01', 'c')];
    expect(effectiveTo(versions, 0)).toBe('2024-02-29');
    expect(effectiveTo(versions, 1)).toBe('2025-12-31');
    expect(effectiveTo(versions, 2)).toBeNull();
  });
});

describe('dates', () => {
  it('adds days across months and leap days', () => {
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('accepts only real calendar dates written YYYY-MM-DD', () => {
    expect(isIsoDate('2025-06-30')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-6-30')).toBe(false);
    expect(isIsoDate('2025-06-30T00:00:00Z')).toBe(false);
  });
});

describe('toCatalogueIndicator', () => {
  const definition: IndicatorDefinition = {
    code: 'FIBRE_HH',
    nameVi: 'Tỷ lệ hộ gia đình có cáp quang',
    nameEn: 'Households with fibre',
    unit: '%',
    pillar: 'XHS',
    subIndex: 'HT',
    sector: 'telecom',
    aggregation: 'RATIO',
    orgUnitAggregation: null,
    timeAggregation: 'LAST',
    ratio: { numeratorVi: 'a', numeratorEn: 'a', denominatorVi: 'b', denominatorEn: 'b', factor: 100 },
    periodType: PeriodType.SIX_MONTHLY,
    direction: 'HIGHER_IS_BETTER',
    bounds: { min: 0, max: 100 },
    responsibleAgency: 'STTTT',
  };

  it('resolves the rules the definition leaves implicit', () => {
    expect(toCatalogueIndicator(definition)).toEqual({
      code: 'FIBRE_HH',
      aggregation: 'RATIO',
      orgUnitAggregation: 'RATIO',
      timeAggregation: 'LAST',
      periodType: 'SIX_MONTHLY',
      factor: 100,
      boundsMin: 0,
      boundsMax: 100,
      definition,
    });
  });

  it('leaves factor and bounds null when the definition has none', () => {
    const sum = toCatalogueIndicator({
      ...definition,
      unit: 'count',
      aggregation: 'SUM',
      timeAggregation: null,
      ratio: null,
      bounds: null,
    });
    expect(sum).toMatchObject({
      orgUnitAggregation: 'SUM',
      timeAggregation: 'SUM',
      factor: null,
      boundsMin: null,
      boundsMax: null,
    });
  });
});
