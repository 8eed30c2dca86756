import type { Workbook } from 'exceljs';
import { columnTitle, normaliseTitle, REPORT_COLUMNS, titleAliases } from './sheet-columns';
import { xlsxBytes } from './xlsx-file';

export interface SheetRowOutcome {
  /** Excel row number. */
  row: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  reason?: string;
}

/** The name the report downloads under. */
export const REPORT_FILE_NAME = 'dxhub-indicator-values-report.xlsx';

const STATUS_LABELS: Record<SheetRowOutcome['status'], { text: string; argb: string }> = {
  accepted: { text: 'Đã nhận / accepted', argb: 'FF006100' },
  duplicate: { text: 'Đã nhận trước đó / duplicate', argb: 'FF1F4E79' },
  rejected: { text: 'Bị từ chối / rejected', argb: 'FF9C0006' },
};

/**
 * The uploaded workbook back, its first sheet with a status and a reason column beside each row, so the
 * person who filled it fixes the rejected rows in place and uploads the file again. A report uploaded again
 * keeps its two columns (the parser skips them) and gets fresh results in them.
 */
export async function buildUploadReport(
  workbook: Workbook,
  headerRow: number,
  outcomes: readonly SheetRowOutcome[],
): Promise<Buffer> {
  const sheet = workbook.worksheets[0];
  const header = sheet.getRow(headerRow);
  const found: Partial<Record<keyof typeof REPORT_COLUMNS, number>> = {};
  header.eachCell({ includeEmpty: false }, (cell, colNumber) => {
    const text = normaliseTitle(cell.text);
    for (const [key, title] of Object.entries(REPORT_COLUMNS) as [
      keyof typeof REPORT_COLUMNS,
      (typeof REPORT_COLUMNS)[keyof typeof REPORT_COLUMNS],
    ][]) {
      if (found[key] === undefined && titleAliases(key, title).includes(text)) found[key] = colNumber;
    }
  });
  let next = Math.max(sheet.columnCount, header.cellCount) + 1;
  const statusColumn = found.status ?? next++;
  const reasonColumn = found.reason ?? next;
  for (const [key, at] of [
    ['status', statusColumn],
    ['reason', reasonColumn],
  ] as const) {
    const cell = header.getCell(at);
    cell.value = columnTitle(REPORT_COLUMNS[key]);
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', wrapText: true };
  }
  sheet.getColumn(statusColumn).width = 28;
  sheet.getColumn(reasonColumn).width = 80;

  // Results of an earlier report in the same columns would be stale.
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber <= headerRow) return;
    row.getCell(statusColumn).value = null;
    row.getCell(reasonColumn).value = null;
  });
  for (const outcome of outcomes) {
    const row = sheet.getRow(outcome.row);
    const label = STATUS_LABELS[outcome.status];
    const status = row.getCell(statusColumn);
    status.value = label.text;
    status.font = { bold: outcome.status === 'rejected', color: { argb: label.argb } };
    const reason = row.getCell(reasonColumn);
    reason.value = outcome.reason ?? null;
    reason.alignment = { wrapText: true, vertical: 'top' };
  }
  return xlsxBytes(workbook);
}
