import { DomainException } from '@dxhub/http';
import { PeriodType } from '@dxhub/periods';
import { type CellValue, Workbook } from 'exceljs';
import type { IndicatorDefinition } from '../../catalogue/indicator-definition';
import { buildUploadReport } from './report-sheet';
import { parseIndicatorValuesSheet, type SheetRow } from './sheet-parser';
import { buildIndicatorValuesTemplate } from './template-builder';
import { openXlsx, xlsxBytes } from './xlsx-file';

const BTS = {
  code: 'BTS_COUNT',
  nameVi: 'Số trạm thu phát sóng thông tin di động (BTS)',
  nameEn: 'Mobile base stations (BTS)',
  unit: 'count',
  aggregation: 'SUM',
  ratio: null,
  periodType: PeriodType.SIX_MONTHLY,
} as IndicatorDefinition;

/** The downloaded template, filled from row 2 down as an agency would, saved and read back as uploaded. */
async function filledTemplate(rows: (CellValue[] | null)[]): Promise<Workbook> {
  const workbook = await openXlsx(await buildIndicatorValuesTemplate([BTS]));
  const sheet = workbook.worksheets[0];
  rows.forEach((cells, i) => {
    if (cells) sheet.getRow(i + 2).values = cells;
  });
  return openXlsx(await xlsxBytes(workbook));
}

/** A workbook of one sheet with exactly these rows from row 1. */
async function sheetOf(rows: CellValue[][]): Promise<Workbook> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('Báo cáo');
  rows.forEach((cells, i) => (sheet.getRow(i + 1).values = cells));
  return openXlsx(await xlsxBytes(workbook));
}

const reasons = (rows: SheetRow[]) => rows.map((r) => (r.ok ? null : r.reason));

function domainError(run: () => unknown): DomainException {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainException) return error;
    throw error;
  }
  throw new Error('expected a DomainException');
}

async function domainErrorOf(run: () => Promise<unknown>): Promise<DomainException> {
  const error: unknown = await run().then(
    () => new Error('expected a DomainException'),
    (e: unknown) => e,
  );
  if (error instanceof DomainException) return error;
  throw error;
}

describe('parseIndicatorValuesSheet', () => {
  it('reads back what the template writes: the bilingual header, values, ratios and ids, skipping blank rows and notes', async () => {
    const workbook = await filledTemplate([
      ['BTS_COUNT', '815', '2024S2', 412, null, null, null, 'số liệu của Viettel và VNPT'],
      null,
      ['FIBRE_HH', '28249', '2024S2', null, 41250, 52000, 'stttt-fibre-1'],
      [null, null, null, null, null, null, null, 'chỉ có ghi chú'],
      ['BTS_COUNT', 816, 2024, 7.25],
    ]);
    const sheet = parseIndicatorValuesSheet(workbook);
    expect(sheet).toMatchObject({ sheetName: 'Số liệu - Values', headerRow: 1, ignoredColumns: [] });
    expect(sheet.columns).toEqual({
      indicatorCode: 1,
      orgUnitCode: 2,
      period: 3,
      value: 4,
      numerator: 5,
      denominator: 6,
      id: 7,
      note: 8,
    });
    expect(sheet.rows).toEqual([
      {
        row: 2,
        ok: true,
        payload: { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024S2', value: 412 },
        id: undefined,
      },
      {
        row: 4,
        ok: true,
        payload: {
          indicatorCode: 'FIBRE_HH',
          orgUnitCode: '28249',
          period: '2024S2',
          numerator: 41250,
          denominator: 52000,
        },
        id: 'stttt-fibre-1',
      },
      // Excel stored the codes as numbers (typed into General cells): read back as the codes they were.
      {
        row: 6,
        ok: true,
        payload: { indicatorCode: 'BTS_COUNT', orgUnitCode: '816', period: '2024', value: 7.25 },
        id: undefined,
      },
    ]);
  });

  it('keeps the Vietnamese header titles through a save and load', async () => {
    const workbook = await filledTemplate([['BTS_COUNT', '815', '2024S2', 1]]);
    expect(workbook.worksheets[0].getRow(1).getCell(2).text).toBe('Mã đơn vị hành chính / Org unit code');
    expect(workbook.worksheets[0].getRow(1).getCell(2).text.normalize('NFC')).toBe(
      'Mã đơn vị hành chính / Org unit code',
    );
  });

  it('finds a header of keys or single-language titles below a title row, and names the columns it does not read', async () => {
    const workbook = await sheetOf([
      ['BÁO CÁO SỐ LIỆU CHỈ TIÊU CHUYỂN ĐỔI SỐ'],
      [],
      ['Indicator code', 'mã đơn vị hành chính', 'period', 'Giá trị', 'Người nhập'],
      ['BTS_COUNT', '815', '2024S2', 3, 'Nguyễn Văn A'],
    ]);
    const sheet = parseIndicatorValuesSheet(workbook);
    expect(sheet).toMatchObject({ headerRow: 3, ignoredColumns: ['Người nhập'] });
    expect(sheet.rows).toEqual([
      {
        row: 4,
        ok: true,
        payload: { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024S2', value: 3 },
        id: undefined,
      },
    ]);
  });

  it('reports each unreadable cell with its row, column and content, and reads the rows beside it', async () => {
    const workbook = await filledTemplate([
      ['BTS_COUNT', '815', '2024S2', 'abc'],
      [null, '815', '2024S2', 5],
      ['BTS_COUNT', '815', '2024S2'],
      ['BTS_COUNT', '815', '2024S2', new Date(Date.UTC(2024, 6, 1))],
      ['BTS_COUNT', '815', '2024S2', '1.234'],
      ['BTS_COUNT', '815', '2024S2', { error: '#DIV/0!' }],
      ['BTS_COUNT', '815', '2024S2', { formula: 'B7*2', result: 1630 }],
      ['BTS_COUNT', '815', '2024S2', '17'],
      [null, null, '2024S2', true],
    ]);
    const { rows } = parseIndicatorValuesSheet(workbook);
    expect(reasons(rows)).toEqual([
      'row 2, column D (Giá trị / Value): “abc” is text, not a number: enter a number (without thousands separators) in a number cell',
      'row 3, column A (Mã chỉ tiêu / Indicator code) is empty',
      'row 4 has no number: fill “Giá trị / Value”, or “Tử số / Numerator” and “Mẫu số / Denominator” for a RATIO indicator',
      'row 5, column D (Giá trị / Value): Excel stored a date (2024-07-01), not a number',
      'row 6, column D (Giá trị / Value): “1.234” is text, not a number: enter a number (without thousands separators) in a number cell',
      'row 7, column D (Giá trị / Value): the cell shows the error #DIV/0!',
      null,
      null,
      'row 10, column A (Mã chỉ tiêu / Indicator code) is empty; row 10, column B (Mã đơn vị hành chính / Org unit code) is empty; ' +
        'row 10, column D (Giá trị / Value): TRUE is not a valid entry',
    ]);
    expect(rows[6]).toMatchObject({ ok: true, payload: { value: 1630 } });
    expect(rows[7]).toMatchObject({ ok: true, payload: { value: 17 } });
  });

  it('tells a date typed as a period (in a cell Excel formats as a date) apart from a period', async () => {
    const workbook = await sheetOf([
      ['indicatorCode', 'orgUnitCode', 'period', 'value'],
      ['BTS_COUNT', '815', new Date(Date.UTC(2024, 6, 1)), 5],
    ]);
    expect(reasons(parseIndicatorValuesSheet(workbook).rows)).toEqual([
      'row 2, column C (Kỳ báo cáo / Period): Excel stored a date (2024-07-01); type it as text, e.g. 2024Q3 or 202407 for a period',
    ]);
  });

  it('refuses a sheet without the header, without rows, or with more rows than allowed', async () => {
    expect(domainError(() => parseIndicatorValuesSheet(new Workbook()))).toMatchObject({ code: 'NO_WORKSHEET' });

    const noHeader = domainError(() =>
      parseIndicatorValuesSheet(
        sheetOfSync([
          ['a', 'b'],
          ['BTS_COUNT', '815'],
        ]),
      ),
    );
    expect(noHeader).toMatchObject({ code: 'NO_HEADER_ROW' });
    expect(noHeader.message).toContain(
      '“Mã chỉ tiêu / Indicator code”, “Mã đơn vị hành chính / Org unit code”, “Kỳ báo cáo / Period”',
    );

    expect(
      domainError(() =>
        parseIndicatorValuesSheet(
          sheetOfSync([['indicatorCode', 'orgUnitCode', 'period', 'value'], [], [null, null, null, null]]),
        ),
      ),
    ).toMatchObject({
      code: 'NO_ROWS',
    });
    expect(
      domainError(() => parseIndicatorValuesSheet(sheetOfSync([['indicatorCode', 'orgUnitCode', 'period']]))),
    ).toMatchObject({ code: 'NO_VALUE_COLUMN' });
    expect(
      domainError(() =>
        parseIndicatorValuesSheet(
          sheetOfSync([['indicatorCode', 'orgUnitCode', 'period', 'value', 'Giá trị / Value']]),
        ),
      ),
    ).toMatchObject({ code: 'DUPLICATE_COLUMN' });

    const many = [
      ['indicatorCode', 'orgUnitCode', 'period', 'value'],
      ...Array.from({ length: 4 }, () => ['BTS_COUNT', '815', '2024S2', 1]),
    ];
    const tooMany = domainError(() => parseIndicatorValuesSheet(sheetOfSync(many), 3));
    expect(tooMany).toMatchObject({ code: 'TOO_MANY_ROWS', details: { rows: 4, limit: 3 } });
    expect(tooMany.message).toContain('at most 3 are accepted per upload');
    expect(parseIndicatorValuesSheet(sheetOfSync(many), 4).rows).toHaveLength(4);
  });
});

describe('openXlsx', () => {
  it('refuses what is not an .xlsx by its bytes, naming what it is', async () => {
    const csv = await domainErrorOf(() => openXlsx(Buffer.from('indicatorCode,orgUnitCode\nBTS_COUNT,815\n')));
    expect(csv).toMatchObject({ code: 'NOT_AN_XLSX_WORKBOOK' });
    expect(csv.message).toContain('not an .xlsx workbook');
    const xls = await domainErrorOf(() =>
      openXlsx(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])),
    );
    expect(xls.message).toContain('Excel 97–2003 (.xls)');
    const damaged = await domainErrorOf(() =>
      openXlsx(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)])),
    );
    expect(damaged.message).toContain('damaged ZIP archive');
  });
});

describe('buildUploadReport', () => {
  it('adds a status and a reason column to the uploaded sheet, and reuses them when the report comes back', async () => {
    const workbook = await filledTemplate([
      ['BTS_COUNT', '815', '2024S2', 412],
      ['NO_SUCH', '815', '2024S2', 1],
    ]);
    const first = await openXlsx(
      await buildUploadReport(workbook, 1, [
        { row: 2, status: 'accepted' },
        { row: 3, status: 'rejected', reason: "unknown indicator 'NO_SUCH'" },
      ]),
    );
    const sheet = first.worksheets[0];
    expect([sheet.getRow(1).getCell(9).text, sheet.getRow(1).getCell(10).text]).toEqual([
      'Kết quả / Status',
      'Lý do / Reason',
    ]);
    expect([sheet.getRow(2).getCell(9).text, sheet.getRow(2).getCell(10).text]).toEqual(['Đã nhận / accepted', '']);
    expect([sheet.getRow(3).getCell(9).text, sheet.getRow(3).getCell(10).text]).toEqual([
      'Bị từ chối / rejected',
      "unknown indicator 'NO_SUCH'",
    ]);

    // The agency fixes the row in the report and uploads it again: the report columns are not data.
    sheet.getRow(3).getCell(1).value = 'BTS_COUNT';
    const again = parseIndicatorValuesSheet(first);
    expect(again.ignoredColumns).toEqual([]);
    expect(again.rows.every((r) => r.ok)).toBe(true);
    const second = (await openXlsx(await buildUploadReport(first, 1, [{ row: 3, status: 'duplicate' }]))).worksheets[0];
    expect(second.actualColumnCount).toBe(10);
    expect([
      second.getRow(2).getCell(9).text,
      second.getRow(3).getCell(9).text,
      second.getRow(3).getCell(10).text,
    ]).toEqual(['', 'Đã nhận trước đó / duplicate', '']);
  });
});

/** A one-sheet workbook in memory (for sheet-level errors, where a save and load adds nothing). */
function sheetOfSync(rows: CellValue[][]): Workbook {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  rows.forEach((cells, i) => (sheet.getRow(i + 1).values = cells));
  return workbook;
}
