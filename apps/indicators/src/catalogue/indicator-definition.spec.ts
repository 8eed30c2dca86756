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
    expect(definitionProblems({ ...base, unit: '%', aggregation: 'RATIO' })).toEqual([expect.stringMatching(/ratio.factor/)]);
  });

  it('refuses LAST across org units unless another rule is declared', () => {
    expect(definitionProblems({ ...base, aggregation: 'LAST' })).toEqual([expect.stringMatching(/orgUnitAggregation/)]);
    expect(definitionProblems({ ...base, aggregation: 'LAST', orgUnitAggregation: 'SUM' })).toEqual([]);
  });
});
