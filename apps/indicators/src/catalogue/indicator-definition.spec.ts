import { PeriodType } from '@dxhub/periods';
import { definitionProblems, type IndicatorDefinition } from './indicator-definition';

const base: IndicatorDefinition = {
  code: 'BTS_COUNT',
  nameVi: 'Số trạm BTS',
  nameEn: 'BTS stations',
  unit: 'count',
  pillar: 'XHS',
  subIndex: 'HT',
  sector: 'telecom',
  aggregation: 'SUM',
  orgUnitAggregation: null,
  timeAggregation: null,
  ratio: null,
  periodType: PeriodType.YEARLY,
  direction: 'HIGHER_IS_BETTER',
  bounds: { min: 0, max: null },
  responsibleAgency: 'STTTT',
};

describe('definitionProblems', () => {
  it('accepts a SUM of counts', () => {
    expect(definitionProblems(base)).toEqual([]);
  });

  it('refuses a SUM over a percentage', () => {
    expect(definitionProblems({ ...base, unit: '%' })).toEqual([expect.stringMatching(/SUM over '%' is refused/)]);
  });

  it('refuses an AVERAGE of percentages too', () => {
    expect(definitionProblems({ ...base, unit: '%', aggregation: 'AVERAGE' })).toHaveLength(1);
  });

  it('accepts a RATIO over a percentage with its factor', () => {
    const ratio = { numeratorVi: 'a', numeratorEn: 'a', denominatorVi: 'b', denominatorEn: 'b', factor: 100 };
    expect(definitionProblems({ ...base, unit: '%', aggregation: 'RATIO', ratio })).toEqual([]);
  });

  it('refuses a RATIO without a factor', () => {
    expect(definitionProblems({ ...base, unit: '%', aggregation: 'RATIO' })).toEqual([
      expect.stringMatching(/ratio.factor/),
    ]);
  });

  it('refuses LAST across org units unless another rule is declared', () => {
    expect(definitionProblems({ ...base, aggregation: 'LAST' })).toEqual([expect.stringMatching(/orgUnitAggregation/)]);
    expect(definitionProblems({ ...base, aggregation: 'LAST', orgUnitAggregation: 'SUM' })).toEqual([]);
  });
});

describe('definitionProblems over time and targets', () => {
  it('refuses summing a percentage over time even when org units take MAX', () => {
    expect(definitionProblems({ ...base, unit: '%', aggregation: 'SUM', orgUnitAggregation: 'MAX' })).toEqual([
      expect.stringMatching(/SUM over time of '%' is refused/),
    ]);
    expect(definitionProblems({ ...base, unit: '%', aggregation: 'LAST', orgUnitAggregation: 'MAX' })).toEqual([]);
  });

  it('refuses a RATIO summed over time', () => {
    const ratio = { numeratorVi: 'a', numeratorEn: 'a', denominatorVi: 'b', denominatorEn: 'b', factor: 100 };
    expect(definitionProblems({ ...base, unit: '%', aggregation: 'RATIO', ratio, timeAggregation: 'SUM' })).toEqual([
      expect.stringMatching(/a RATIO combines periods as a RATIO, LAST, MIN or MAX, not SUM/),
    ]);
  });

  it('refuses two targets for one year, a comparator against the direction and a target outside the bounds', () => {
    const targets = [
      { year: 2025, value: 10, comparator: '>=' as const, tolerance: 1 },
      { year: 2025, value: 12, comparator: '<=' as const, tolerance: 1 },
      { year: 2030, value: -1, comparator: '>' as const, tolerance: 0 },
    ];
    expect(definitionProblems({ ...base, targets })).toEqual([
      'two targets for 2025',
      "target 2025: comparator '<=' does not fit HIGHER_IS_BETTER",
      'target 2030: value -1 is outside the bounds',
    ]);
  });
});
