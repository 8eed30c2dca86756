import { PeriodType } from '@dxhub/periods';
import { type Worksheet, Workbook } from 'exceljs';
import type { IndicatorDefinition } from '../../catalogue/indicator-definition';
import {
  columnTitle,
  INDICATORS_SHEET_NAME,
  MAX_ROWS_PER_REQUEST,
  PERIODS_SHEET_NAME,
  SHEET_COLUMNS,
  VALUES_SHEET_NAME,
} from './sheet-columns';
import { xlsxBytes } from './xlsx-file';

/** The name the template downloads under. */
export const TEMPLATE_FILE_NAME = 'dxhub-indicator-values-template.xlsx';

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } } as const;

const PERIOD_TYPE_LABELS: Record<PeriodType, string> = {
  [PeriodType.YEARLY]: 'Năm / Yearly',
  [PeriodType.SIX_MONTHLY]: '6 tháng / Six-monthly',
  [PeriodType.QUARTERLY]: 'Quý / Quarterly',
  [PeriodType.MONTHLY]: 'Tháng / Monthly',
};

/** The rows of the periods sheet: type, notation, examples, meaning. */
const PERIOD_NOTATION: readonly [PeriodType, string, string, string][] = [
  [PeriodType.YEARLY, 'YYYY', '2024', 'Cả năm 2024 / The year 2024'],
  [
    PeriodType.SIX_MONTHLY,
    'YYYYS1, YYYYS2',
    '2024S1, 2024S2',
    '6 tháng đầu năm (tháng 1–6), 6 tháng cuối năm (tháng 7–12) / First half (January–June), second half (July–December)',
  ],
  [
    PeriodType.QUARTERLY,
    'YYYYQ1 … YYYYQ4',
    '2024Q1, 2024Q3',
    'Quý 1 (tháng 1–3) … quý 4 (tháng 10–12) / Quarter 1 (January–March) … quarter 4 (October–December)',
  ],
  [PeriodType.MONTHLY, 'YYYYMM', '202401, 202407, 202412', 'Tháng, luôn hai chữ số / The month, always two digits'],
];

const PERIOD_RULES: readonly string[] = [
  'Kỳ phải đúng loại kỳ của chỉ tiêu (cột “Kỳ báo cáo” ở trang “Chỉ tiêu - Indicators”). / The period must be of the indicator’s period type (column “Period type” of the “Chỉ tiêu - Indicators” sheet).',
  'Không dùng 2024-07, 07/2024, Q3/2024 hay ngày tháng. / Not 2024-07, 07/2024, Q3/2024 or a date.',
  'Số liệu được tính cho đơn vị hành chính tồn tại vào ngày cuối của kỳ (ví dụ sau ngày 01/07/2025 không còn cấp huyện). / A value counts for the org unit as it exists on the last day of the period (e.g. there is no district level after 2025-07-01).',
];

/**
 * The Excel template agencies fill in: the values sheet (one row per value, bilingual headers with a note
 * on each), the indicator catalogue, and the period notation. The first sheet is the one the upload reads.
 */
export async function buildIndicatorValuesTemplate(indicators: readonly IndicatorDefinition[]): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'DX Hub';
  workbook.title = 'Mẫu báo cáo số liệu chỉ tiêu / Indicator values template';
  addValuesSheet(workbook, indicators.length);
  addIndicatorsSheet(
    workbook,
    [...indicators].sort((a, b) => a.code.localeCompare(b.code)),
  );
  addPeriodsSheet(workbook);
  return xlsxBytes(workbook);
}

function addValuesSheet(workbook: Workbook, indicatorCount: number): void {
  const sheet = workbook.addWorksheet(VALUES_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = SHEET_COLUMNS.map((c) => ({ key: c.key, width: c.width, style: c.text ? { numFmt: '@' } : {} }));
  const header = sheet.getRow(1);
  SHEET_COLUMNS.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = columnTitle(column);
    cell.note = column.help;
  });
  styleHeader(sheet);
  header.height = 32;

  // A drop-down of the catalogue's codes on the indicator column; a warning, not a stop, so a code added
  // since the download can still be typed in.
  if (indicatorCount > 0) {
    const list = `'${INDICATORS_SHEET_NAME}'!$A$2:$A$${indicatorCount + 1}`;
    // exceljs 4.4 supports range validations at run time but leaves `dataValidations` out of its typings.
    (sheet as unknown as { dataValidations: { add(range: string, rule: object): void } }).dataValidations.add(
      `A2:A${MAX_ROWS_PER_REQUEST + 1}`,
      {
        type: 'list',
        allowBlank: true,
        formulae: [list],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: 'Mã chỉ tiêu / Indicator code',
        error: 'Mã không có trong danh mục chỉ tiêu. / This code is not in the indicator catalogue.',
      },
    );
  }
}

function addIndicatorsSheet(workbook: Workbook, indicators: IndicatorDefinition[]): void {
  const sheet = workbook.addWorksheet(INDICATORS_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  sheet.columns = [
    { header: 'Mã chỉ tiêu / Code', key: 'code', width: 22 },
    { header: 'Tên chỉ tiêu / Name (vi)', key: 'nameVi', width: 60 },
    { header: 'Tên tiếng Anh / Name (en)', key: 'nameEn', width: 50 },
    { header: 'Đơn vị tính / Unit', key: 'unit', width: 16 },
    { header: 'Cách tổng hợp / Aggregation', key: 'aggregation', width: 16 },
    { header: 'Kỳ báo cáo / Period type', key: 'periodType', width: 22 },
    { header: 'Cột cần điền / Columns to fill', key: 'fill', width: 34 },
    { header: 'Tử số / Numerator', key: 'numeratorVi', width: 50 },
    { header: 'Numerator (en)', key: 'numeratorEn', width: 40 },
    { header: 'Mẫu số / Denominator', key: 'denominatorVi', width: 50 },
    { header: 'Denominator (en)', key: 'denominatorEn', width: 40 },
    { header: 'Hệ số / Factor', key: 'factor', width: 10 },
  ];
  for (const d of indicators) {
    sheet.addRow({
      code: d.code,
      nameVi: d.nameVi.normalize('NFC'),
      nameEn: d.nameEn,
      unit: d.unit,
      aggregation: d.aggregation,
      periodType: `${PERIOD_TYPE_LABELS[d.periodType] ?? d.periodType} (${d.periodType})`,
      fill: d.aggregation === 'RATIO' ? 'Tử số + Mẫu số / numerator + denominator' : 'Giá trị / value',
      numeratorVi: d.ratio?.numeratorVi.normalize('NFC'),
      numeratorEn: d.ratio?.numeratorEn,
      denominatorVi: d.ratio?.denominatorVi.normalize('NFC'),
      denominatorEn: d.ratio?.denominatorEn,
      factor: d.ratio?.factor,
    });
  }
  styleHeader(sheet);
}

function addPeriodsSheet(workbook: Workbook): void {
  const sheet = workbook.addWorksheet(PERIODS_SHEET_NAME);
  sheet.columns = [
    { header: 'Loại kỳ / Period type', key: 'type', width: 26 },
    { header: 'Ký hiệu / Notation', key: 'notation', width: 20 },
    { header: 'Ví dụ / Examples', key: 'examples', width: 26 },
    { header: 'Ý nghĩa / Meaning', key: 'meaning', width: 100 },
  ];
  for (const [type, notation, examples, meaning] of PERIOD_NOTATION) {
    sheet.addRow({ type: `${PERIOD_TYPE_LABELS[type]} (${type})`, notation, examples, meaning });
  }
  sheet.addRow([]);
  for (const rule of PERIOD_RULES) sheet.addRow([rule]);
  styleHeader(sheet);
}

function styleHeader(sheet: Worksheet): void {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
}
