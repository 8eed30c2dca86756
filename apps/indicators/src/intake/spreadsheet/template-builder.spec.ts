import { PeriodType } from '@dxhub/periods';
import { Workbook } from 'exceljs';
import type { IndicatorDefinition } from '../../catalogue/indicator-definition';
import { INDICATORS_SHEET_NAME, PERIODS_SHEET_NAME, SHEET_COLUMNS, VALUES_SHEET_NAME } from './sheet-columns';
import { buildIndicatorValuesTemplate } from './template-builder';

function indicatorDefinition(overrides: Partial<IndicatorDefinition> = {}): IndicatorDefinition {
  return {
    code: 'BTS_COUNT',
    nameVi: 'Số trạm thu phát sóng thông tin di động (BTS)',
    nameEn: 'Mobile base stations (BTS)',
    unit: 'count',
    pillar: null,
    subIndex: null,
    sector: null,
    aggregation: 'SUM',
    orgUnitAggregation: null,
    timeAggregation: null,
    ratio: null,
    periodType: PeriodType.SIX_MONTHLY,
    direction: 'HIGHER_IS_BETTER',
    bounds: { min: 0, max: null },
    responsibleAgency: null,
    ...overrides,
  };
}

const FIBRE_HH = indicatorDefinition({
  code: 'FIBRE_HH',
  nameVi: 'Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang',
  nameEn: 'Households with fibre broadband',
  unit: '%',
  aggregation: 'RATIO',
  ratio: {
    numeratorVi: 'Số hộ gia đình có thuê bao Internet băng rộng cáp quang',
    numeratorEn: 'Households with a fibre-broadband subscription',
    denominatorVi: 'Tổng số hộ gia đình',
    denominatorEn: 'All households',
    factor: 100,
  },
});

async function load(bytes: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  return workbook;
}

const texts = (values: unknown[]) => values.slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));

describe('buildIndicatorValuesTemplate', () => {
  let workbook: Workbook;

  beforeAll(async () => {
    // Decomposed (NFD) text in the catalogue must come out composed (NFC), as Excel and people type it.
    workbook = await load(
      await buildIndicatorValuesTemplate([
        FIBRE_HH,
        indicatorDefinition({ nameVi: indicatorDefinition().nameVi.normalize('NFD') }),
      ]),
    );
  });

  it('writes a valid .xlsx with the values sheet first, then the catalogue and the period notation', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      VALUES_SHEET_NAME,
      INDICATORS_SHEET_NAME,
      PERIODS_SHEET_NAME,
    ]);
  });

  it('heads the values sheet with bilingual titles, a note on each, and no data rows', () => {
    const sheet = workbook.worksheets[0];
    expect(texts(sheet.getRow(1).values as unknown[])).toEqual([
      'Mã chỉ tiêu / Indicator code',
      'Mã đơn vị hành chính / Org unit code',
      'Kỳ báo cáo / Period',
      'Giá trị / Value',
      'Tử số / Numerator',
      'Mẫu số / Denominator',
      'Mã định danh (không bắt buộc) / Id (optional)',
      'Ghi chú (không xử lý) / Note (ignored)',
    ]);
    expect(sheet.actualRowCount).toBe(1);
    SHEET_COLUMNS.forEach((column, i) => {
      const note = sheet.getRow(1).getCell(i + 1).note;
      expect(typeof note === 'string' ? note : JSON.stringify(note)).toContain(column.help.split('\n')[0].slice(0, 20));
    });
    // Code columns are text, so Excel keeps 202407 and leading zeros as typed.
    expect(sheet.getColumn(2).numFmt).toBe('@');
    expect(sheet.getColumn(3).numFmt).toBe('@');
  });

  it('lists the catalogue with Vietnamese names (NFC), units, rules and the numerator and denominator of a RATIO', () => {
    const sheet = workbook.getWorksheet(INDICATORS_SHEET_NAME);
    expect(sheet?.getRow(1).getCell(2).value).toBe('Tên chỉ tiêu / Name (vi)');
    const rows = [2, 3].map((n) => texts(sheet?.getRow(n).values as unknown[]));
    expect(rows[0]).toEqual([
      'BTS_COUNT',
      'Số trạm thu phát sóng thông tin di động (BTS)',
      'Mobile base stations (BTS)',
      'count',
      'SUM',
      '6 tháng / Six-monthly (SIX_MONTHLY)',
      'Giá trị / value',
    ]);
    expect(rows[0][1]).toBe(rows[0][1].normalize('NFC'));
    expect(rows[1]).toEqual([
      'FIBRE_HH',
      'Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang',
      'Households with fibre broadband',
      '%',
      'RATIO',
      '6 tháng / Six-monthly (SIX_MONTHLY)',
      'Tử số + Mẫu số / numerator + denominator',
      'Số hộ gia đình có thuê bao Internet băng rộng cáp quang',
      'Households with a fibre-broadband subscription',
      'Tổng số hộ gia đình',
      'All households',
      '100',
    ]);
  });

  it('explains the period notation with an example of each type', () => {
    const sheet = workbook.getWorksheet(PERIODS_SHEET_NAME);
    const rows = [2, 3, 4, 5].map((n) => texts(sheet?.getRow(n).values as unknown[]));
    expect(rows.map((r) => r[2])).toEqual(['2024', '2024S1, 2024S2', '2024Q1, 2024Q3', '202401, 202407, 202412']);
    expect(rows[0][0]).toBe('Năm / Yearly (YEARLY)');
  });
});
