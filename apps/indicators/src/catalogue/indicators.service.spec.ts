import { PeriodType } from '@dxhub/periods';
import type { IndicatorDefinitionDto } from './dto/indicator-definition.dto';
import { toDefinition } from './indicators.service';

describe('toDefinition', () => {
  const decomposed = 'Tỷ lệ hộ gia đình'.normalize('NFD');
  const dto = {
    code: 'NEW_SHARE',
    nameVi: decomposed,
    nameEn: 'Households',
    unit: '%',
    aggregation: 'RATIO',
    orgUnitAggregation: 'RATIO',
    ratio: {
      numeratorVi: decomposed,
      numeratorEn: 'a',
      denominatorVi: 'Tổng'.normalize('NFD'),
      denominatorEn: 'b',
      factor: 100,
    },
    periodType: PeriodType.QUARTERLY,
    direction: 'HIGHER_IS_BETTER',
    responsibleAgency: 'STTTT',
    bounds: { min: 0 },
  } as unknown as IndicatorDefinitionDto;

  it('stores every string NFC, every field present, and a rule equal to aggregation as null', () => {
    const d = toDefinition(dto);
    expect(d.nameVi).toBe('Tỷ lệ hộ gia đình'.normalize('NFC'));
    expect(d.nameVi).not.toBe(decomposed);
    expect(d.ratio?.numeratorVi).toBe(d.nameVi);
    expect(d.ratio?.denominatorVi).toBe('Tổng'.normalize('NFC'));
    expect(d).toMatchObject({
      pillar: null,
      subIndex: null,
      sector: null,
      orgUnitAggregation: null,
      timeAggregation: null,
      baseline: null,
      targets: [],
      nationalAverage: [],
      bounds: { min: 0, max: null },
      source: null,
      notes: null,
    });
  });
});
