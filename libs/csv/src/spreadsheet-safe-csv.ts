/** What a CSV cell may hold: text is neutralised, numbers and booleans are written as they are. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * Characters that make a spreadsheet program (Excel, LibreOffice Calc, Google Sheets) read a cell as a formula,
 * or that it strips before looking: `=`, `+`, `-`, `@`, tab and carriage return (OWASP, "CSV Injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180), safe to open in a spreadsheet: text that would start a formula gets a leading `'`
 * (which spreadsheets show as text and do not display) and is quoted, as OWASP recommends; a field with a comma,
 * quote or line break is quoted with its quotes doubled. Numbers are written as numbers: a number is never a
 * formula, and `-5` must stay minus five.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  const neutralised = FORMULA_START.test(value);
  const text = neutralised ? `'${value}` : value;
  return neutralised || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record: the fields joined by commas, without the line end. */
export function csvRecord(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}

/**
 * A whole CSV document: a header and the rows, CRLF line ends (RFC 4180), optionally with a UTF-8 byte order mark
 * so spreadsheet programs read Vietnamese diacritics right.
 */
export function csvDocument(
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]>,
  options: { byteOrderMark?: boolean } = {},
): string {
  const lines = [csvRecord(header)];
  for (const row of rows) lines.push(csvRecord(row));
  return `${options.byteOrderMark ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
