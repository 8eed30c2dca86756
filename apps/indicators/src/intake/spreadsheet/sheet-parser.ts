import { checkEventId } from '@dxhub/contracts';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import type { CellValue, Workbook, Worksheet } from 'exceljs';
import {
  columnTitle,
  MAX_ROWS_PER_REQUEST,
  normaliseTitle,
  REPORT_COLUMNS,
  SHEET_COLUMNS,
  type SheetColumn,
  type SheetColumnKey,
  titleAliases,
} from './sheet-columns';

/** One data row of the sheet: a payload for the contract check, or the reason its cells could not be read. */
export type SheetRow =
  | { row: number; ok: true; payload: Record<string, string | number>; id: string | undefined }
  | { row: number; ok: false; reason: string };

export interface ParsedSheet {
  sheetName: string;
  /** Excel row number of the header (1 in the template; an agency may put a title above it). */
  headerRow: number;
  /** Excel column number of each column found. */
  columns: Partial<Record<SheetColumnKey, number>>;
  /** Headers the parser does not read (besides the note column and a previous report's status and reason). */
  ignoredColumns: string[];
  /** Non-empty data rows in sheet order. */
  rows: SheetRow[];
}

/** An agency may put a title and a blank line or two above the header. */
const HEADER_SEARCH_ROWS = 10;

const ALIASES = new Map<string, SheetColumnKey>(
  SHEET_COLUMNS.flatMap((c) => titleAliases(c.key, c).map((alias) => [alias, c.key] as const)),
);
const REPORT_ALIASES = new Set(Object.entries(REPORT_COLUMNS).flatMap(([key, title]) => titleAliases(key, title)));
const REQUIRED = SHEET_COLUMNS.filter((c) => c.required);
const NUMBERS: readonly SheetColumnKey[] = ['value', 'numerator', 'denominator'];
const READ = SHEET_COLUMNS.filter((c) => c.key !== 'note');

/**
 * Reads the value rows of the first sheet of a filled template. A problem with the sheet as a whole (no
 * header row, too many rows) throws INVALID_INPUT; a problem with a row's cells becomes that row's reason,
 * naming the row, the column and what is in the cell, and the other rows are read on.
 */
export function parseIndicatorValuesSheet(workbook: Workbook, maxRows = MAX_ROWS_PER_REQUEST): ParsedSheet {
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalid('NO_WORKSHEET', 'the workbook has no worksheet');
  const { headerRow, columns, ignoredColumns } = findHeader(sheet);

  const rows: SheetRow[] = [];
  let count = 0;
  sheet.eachRow({ includeEmpty: false }, (excelRow, rowNumber) => {
    if (rowNumber <= headerRow) return;
    const cells = new Map<SheetColumnKey, Cell>();
    for (const column of READ) {
      const at = columns[column.key];
      if (at !== undefined) cells.set(column.key, readCell(excelRow.getCell(at).value));
    }
    if ([...cells.values()].every((c) => c.kind === 'empty')) return; // blank, or a note only
    count += 1;
    if (count <= maxRows) rows.push(parseRow(sheet, rowNumber, columns, cells));
  });
  if (count > maxRows) {
    throw invalid(
      'TOO_MANY_ROWS',
      `the sheet '${sheet.name}' has ${count} rows of values; at most ${maxRows} are accepted per upload: split it into several files`,
      { rows: count, limit: maxRows },
    );
  }
  if (count === 0) {
    throw invalid('NO_ROWS', `the sheet '${sheet.name}' has no rows of values below its header (row ${headerRow})`);
  }
  return { sheetName: sheet.name, headerRow, columns, ignoredColumns, rows };
}

function findHeader(sheet: Worksheet): Pick<ParsedSheet, 'headerRow' | 'columns' | 'ignoredColumns'> {
  for (let rowNumber = 1; rowNumber <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount); rowNumber++) {
    const columns: Partial<Record<SheetColumnKey, number>> = {};
    const ignoredColumns: string[] = [];
    const seenTwice: string[] = [];
    sheet.getRow(rowNumber).eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const text = textOf(readCell(cell.value));
      if (text === undefined || text === '') return;
      const key = ALIASES.get(normaliseTitle(text));
      if (key === undefined) {
        if (!REPORT_ALIASES.has(normaliseTitle(text))) ignoredColumns.push(text);
      } else if (columns[key] !== undefined) {
        seenTwice.push(
          `${text} (columns ${sheet.getColumn(columns[key]).letter} and ${sheet.getColumn(colNumber).letter})`,
        );
      } else columns[key] = colNumber;
    });
    if (!REQUIRED.every((c) => columns[c.key] !== undefined)) continue;
    if (seenTwice.length > 0) {
      throw invalid('DUPLICATE_COLUMN', `the header (row ${rowNumber}) names a column twice: ${seenTwice.join('; ')}`);
    }
    if (!NUMBERS.some((key) => columns[key] !== undefined)) {
      throw invalid(
        'NO_VALUE_COLUMN',
        `the header (row ${rowNumber}) has no column for the numbers: add ${titles(['value'])}, or ${titles(['numerator', 'denominator'])}`,
      );
    }
    return { headerRow: rowNumber, columns, ignoredColumns };
  }
  throw invalid(
    'NO_HEADER_ROW',
    `the first sheet '${sheet.name}' has no header row with the columns ${titles(
      REQUIRED.map((c) => c.key),
      ', ',
    )} ` + `in its first ${HEADER_SEARCH_ROWS} rows: fill in the template from GET /v1/indicator-values/template.xlsx`,
  );
}

function parseRow(
  sheet: Worksheet,
  row: number,
  columns: Partial<Record<SheetColumnKey, number>>,
  cells: Map<SheetColumnKey, Cell>,
): SheetRow {
  const problems: string[] = [];
  const payload: Record<string, string | number> = {};
  let id: string | undefined;
  const where = (column: SheetColumn) =>
    `row ${row}, column ${sheet.getColumn(columns[column.key] as number).letter} (${columnTitle(column)})`;

  for (const column of READ) {
    const cell = cells.get(column.key) ?? EMPTY;
    if (cell.kind === 'empty') {
      if (column.required) problems.push(`${where(column)} is empty`);
      continue;
    }
    if (NUMBERS.includes(column.key)) {
      const read = asNumber(cell);
      if (typeof read === 'object') problems.push(`${where(column)}: ${read.problem}`);
      else payload[column.key] = read;
      continue;
    }
    const read = asCode(cell, column.key === 'id');
    if (typeof read === 'object') problems.push(`${where(column)}: ${read.problem}`);
    else if (column.key !== 'id') payload[column.key] = read;
    else {
      const invalid = checkEventId(read, 'the id');
      if (invalid) problems.push(`${where(column)}: ${invalid.message}`);
      else id = read;
    }
  }
  if (NUMBERS.every((key) => (cells.get(key) ?? EMPTY).kind === 'empty')) {
    problems.push(
      `row ${row} has no number: fill ${titles(['value'])}, or ${titles(['numerator', 'denominator'])} for a RATIO indicator`,
    );
  }
  return problems.length > 0 ? { row, ok: false, reason: problems.join('; ') } : { row, ok: true, payload, id };
}

/** A cell's content, whatever way Excel stored it (formulas by their cached result). */
type Cell =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'date'; value: Date }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'error'; value: string }
  | { kind: 'formula' };

const EMPTY: Cell = { kind: 'empty' };

function readCell(value: CellValue): Cell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'string')
    return value.trim() === '' ? EMPTY : { kind: 'text', value: value.trim().normalize('NFC') };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (value instanceof Date) return { kind: 'date', value };
  if ('error' in value) return { kind: 'error', value: String(value.error) };
  if ('richText' in value) return readCell(value.richText.map((r) => r.text).join(''));
  if ('hyperlink' in value) return readCell(value.text);
  if ('formula' in value || 'sharedFormula' in value) {
    // Excel saves each formula's last result; a file written by a program that never calculated has none.
    const result = (value as { result?: unknown }).result;
    return result === undefined ? { kind: 'formula' } : readCell(result as CellValue);
  }
  return EMPTY;
}

function textOf(cell: Cell): string | undefined {
  if (cell.kind === 'text') return cell.value;
  if (cell.kind === 'number') return String(cell.value);
  return undefined;
}

type Read<T> = T | { problem: string };

/** A code cell (indicator, org unit, period, id): text, or a whole number Excel stored as a number. */
function asCode(cell: Cell, anyNumber: boolean): Read<string> {
  switch (cell.kind) {
    case 'text':
      return cell.value;
    case 'number':
      return Number.isInteger(cell.value) || anyNumber
        ? String(cell.value)
        : { problem: `${cell.value} is not a code` };
    case 'date':
      return {
        problem: `Excel stored a date (${cell.value.toISOString().slice(0, 10)}); type it as text, e.g. 2024Q3 or 202407 for a period`,
      };
    default:
      return { problem: describe(cell) };
  }
}

/** A number cell: a number, or text that is plainly a whole number. */
function asNumber(cell: Cell): Read<number> {
  switch (cell.kind) {
    case 'number':
      return Number.isFinite(cell.value) ? cell.value : { problem: `${cell.value} is not a finite number` };
    case 'text':
      // Only unambiguous text: '1.234' is 1234 to a Vietnamese reader and 1.234 to an English one.
      return /^[+-]?\d+$/.test(cell.value)
        ? Number(cell.value)
        : {
            problem: `“${cell.value}” is text, not a number: enter a number (without thousands separators) in a number cell`,
          };
    case 'date':
      return { problem: `Excel stored a date (${cell.value.toISOString().slice(0, 10)}), not a number` };
    default:
      return { problem: describe(cell) };
  }
}

function describe(cell: Cell): string {
  switch (cell.kind) {
    case 'boolean':
      return `${cell.value ? 'TRUE' : 'FALSE'} is not a valid entry`;
    case 'error':
      return `the cell shows the error ${cell.value}`;
    case 'formula':
      return 'the formula has no calculated result: open the file in Excel and save it again';
    default:
      return `unexpected ${cell.kind}`;
  }
}

function titles(keys: SheetColumnKey[], separator = ' and '): string {
  return keys.map((key) => `“${columnTitle(SHEET_COLUMNS.find((c) => c.key === key) as SheetColumn)}”`).join(separator);
}

function invalid(code: string, message: string, details?: Record<string, unknown>): DomainException {
  return new DomainException(DomainErrorKind.INVALID_INPUT, code, message, details);
}
