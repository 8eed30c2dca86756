import { type CellValue, ValueType, Workbook } from 'exceljs';
import { Readable } from 'node:stream';

/** A cell as a spreadsheet program sees it once it opened the CSV. */
export interface OpenedCell {
  row: number;
  column: number;
  text: string;
  isFormula: boolean;
}

/**
 * Opens CSV text the way a spreadsheet program does (exceljs's CSV reader, with Excel's and LibreOffice's reading
 * of each field): a field that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) and is not
 * a number becomes a formula; one that starts with `'` is text. Returns every non-empty cell.
 */
export async function openCsvAsSpreadsheet(csv: string): Promise<OpenedCell[]> {
  const workbook = new Workbook();
  const sheet = await workbook.csv.read(Readable.from([csv.replace(/^\uFEFF/, '')]), {
    map: (field: string): CellValue => {
      if (field === '') return null;
      if (field.startsWith("'")) return field;
      if (/^[\t\r]*[=+\-@]/.test(field) && Number.isNaN(Number(field)))
        return { formula: field.replace(/^[\t\r]*[=+@]?/, '') } as CellValue;
      const n = Number(field);
      return Number.isFinite(n) && field.trim() !== '' ? n : field;
    },
  } as Parameters<Workbook['csv']['read']>[1]);
  const cells: OpenedCell[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) =>
    row.eachCell({ includeEmpty: false }, (cell, column) =>
      cells.push({ row: rowNumber, column, text: cell.text, isFormula: cell.type === ValueType.Formula }),
    ),
  );
  return cells;
}
