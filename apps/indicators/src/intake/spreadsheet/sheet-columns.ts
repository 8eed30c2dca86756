/*
 * The layout of the indicator-values spreadsheet, shared by the template agencies download, the parser
 * that reads their filled copy back and the per-row report. Column titles are bilingual because the same
 * file goes between departments (Vietnamese) and the programme's partners (English); the parser also
 * accepts either title alone or the machine key, so a sheet with translated or retyped headers still reads.
 */

/** Keys of the columns the parser reads; `note` is for the agency's own remarks and is never read. */
export type SheetColumnKey =
  'indicatorCode' | 'orgUnitCode' | 'period' | 'value' | 'numerator' | 'denominator' | 'id' | 'note';

export interface SheetColumn {
  key: SheetColumnKey;
  titleVi: string;
  titleEn: string;
  /** What the header cell's note tells the person filling the sheet (vi, then en). */
  help: string;
  width: number;
  /** Cells kept as text in the template, so Excel does not turn `028` into 28 or `202407` into a number. */
  text: boolean;
  required: boolean;
}

export const SHEET_COLUMNS: readonly SheetColumn[] = [
  {
    key: 'indicatorCode',
    titleVi: 'Mã chỉ tiêu',
    titleEn: 'Indicator code',
    help: 'Mã trong trang “Chỉ tiêu - Indicators”, ví dụ BTS_COUNT.\nA code from the “Chỉ tiêu - Indicators” sheet, e.g. BTS_COUNT.',
    width: 22,
    text: true,
    required: true,
  },
  {
    key: 'orgUnitCode',
    titleVi: 'Mã đơn vị hành chính',
    titleEn: 'Org unit code',
    help: 'Mã đơn vị hành chính của Tổng cục Thống kê: tỉnh 2 số, huyện 3 số, xã 5 số (ví dụ 82, 815, 28249).\nGSO code: province 2 digits, district 3, commune 5 (e.g. 82, 815, 28249).',
    width: 22,
    text: true,
    required: true,
  },
  {
    key: 'period',
    titleVi: 'Kỳ báo cáo',
    titleEn: 'Period',
    help: 'Theo ký hiệu DHIS2, xem trang “Kỳ báo cáo - Periods”: 2024, 2024S1, 2024Q3, 202407.\nDHIS2 notation, see the “Kỳ báo cáo - Periods” sheet: 2024, 2024S1, 2024Q3, 202407.',
    width: 14,
    text: true,
    required: true,
  },
  {
    key: 'value',
    titleVi: 'Giá trị',
    titleEn: 'Value',
    help: 'Số liệu, cho mọi chỉ tiêu trừ loại RATIO (tỷ lệ). Để trống khi điền tử số và mẫu số.\nThe value, for every indicator except RATIO ones. Leave empty when you fill numerator and denominator.',
    width: 14,
    text: false,
    required: false,
  },
  {
    key: 'numerator',
    titleVi: 'Tử số',
    titleEn: 'Numerator',
    help: 'Chỉ cho chỉ tiêu RATIO (tỷ lệ): tử số, không âm.\nRATIO indicators only: the numerator, not negative.',
    width: 14,
    text: false,
    required: false,
  },
  {
    key: 'denominator',
    titleVi: 'Mẫu số',
    titleEn: 'Denominator',
    help: 'Chỉ cho chỉ tiêu RATIO (tỷ lệ): mẫu số, lớn hơn 0.\nRATIO indicators only: the denominator, above 0.',
    width: 14,
    text: false,
    required: false,
  },
  {
    key: 'id',
    titleVi: 'Mã định danh (không bắt buộc)',
    titleEn: 'Id (optional)',
    help: 'Không bắt buộc. Mã riêng của dòng số liệu: gửi lại cùng mã chỉ được tính một lần, nên khi sửa số liệu hãy dùng mã mới.\nOptional. Your own id for the row: a row sent again with the same id counts once, so give a corrected row a new id.',
    width: 26,
    text: true,
    required: false,
  },
  {
    key: 'note',
    titleVi: 'Ghi chú (không xử lý)',
    titleEn: 'Note (ignored)',
    help: 'Ghi chú của đơn vị; hệ thống không đọc cột này.\nYour own remarks; the platform does not read this column.',
    width: 40,
    text: true,
    required: false,
  },
];

/** The header cell text: `Mã chỉ tiêu / Indicator code`. */
export function columnTitle(column: Pick<SheetColumn, 'titleVi' | 'titleEn'>): string {
  return `${column.titleVi} / ${column.titleEn}`;
}

// Excel forbids `/` (and `\ ? * [ ] :`) in sheet names, so the bilingual names use a dash.
export const VALUES_SHEET_NAME = 'Số liệu - Values';
export const INDICATORS_SHEET_NAME = 'Chỉ tiêu - Indicators';
export const PERIODS_SHEET_NAME = 'Kỳ báo cáo - Periods';

/** Most value rows one request (JSON or spreadsheet) may carry: larger batches are split by the sender. */
export const MAX_ROWS_PER_REQUEST = 5000;

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The columns the per-row report adds to an uploaded sheet (and reuses when a report is uploaded again). */
export const REPORT_COLUMNS = {
  status: { titleVi: 'Kết quả', titleEn: 'Status' },
  reason: { titleVi: 'Lý do', titleEn: 'Reason' },
} as const;

/** How a header is compared: NFC, lower case, single spaces, without a bracketed remark such as `(optional)`. */
export function normaliseTitle(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every header text that names a column: its key, either title, or both as in the template. */
export function titleAliases(key: string, title: { titleVi: string; titleEn: string }): string[] {
  return [...new Set([key, title.titleVi, title.titleEn, columnTitle(title)].map(normaliseTitle))];
}
