import { DomainException } from '@dxhub/http';
import { requirePeriod } from '@dxhub/periods';
import type { CatalogueIndicator } from '../catalogue/indicator-versions';
import { scopeOf } from './evaluation-scope';

const indicator = (overrides: Partial<CatalogueIndicator>): CatalogueIndicator =>
  ({
    code: 'BTS_COUNT',
    aggregation: 'SUM',
    orgUnitAggregation: 'SUM',
    timeAggregation: 'LAST',
    periodType: 'SIX_MONTHLY',
    factor: null,
    ...overrides,
  }) as CatalogueIndicator;

describe('scopeOf (which cells and rules a figure is built from)', () => {
  it('reads a coarser period from its reported sub-periods, by the rule over time then the rule over org units', () => {
    expect(scopeOf(indicator({}), requirePeriod('2024'))).toEqual({
      indicatorCode: 'BTS_COUNT',
      subPeriods: [
        { id: '2024S1', end: '2024-06-30' },
        { id: '2024S2', end: '2024-12-31' },
      ],
      timeRule: 'LAST',
      orgUnitRule: 'SUM',
      factor: null,
    });
  });

  it('reads a reported period as one cell per unit, whatever the rule over time', () => {
    const ratio = indicator({
      code: 'TTHC_TOANTRINH',
      aggregation: 'RATIO',
      orgUnitAggregation: 'RATIO',
      timeAggregation: 'RATIO',
      periodType: 'MONTHLY',
      factor: 100,
    });
    expect(scopeOf(ratio, requirePeriod('202402'))).toMatchObject({
      subPeriods: [{ id: '202402', end: '2024-02-29' }],
      timeRule: 'LAST',
      orgUnitRule: 'RATIO',
      factor: 100,
    });
    expect(scopeOf(ratio, requirePeriod('2024Q1')).subPeriods.map((p) => p.id)).toEqual(['202401', '202402', '202403']);
  });

  it('refuses a period finer than the one the indicator is reported in', () => {
    expect(() => scopeOf(indicator({}), requirePeriod('2024Q3'))).toThrow(DomainException);
    expect(() => scopeOf(indicator({}), requirePeriod('2024Q3'))).toThrow(
      /reported SIX_MONTHLY; period 2024Q3 is finer/,
    );
  });
});
