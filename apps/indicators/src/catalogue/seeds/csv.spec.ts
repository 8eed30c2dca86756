import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and Vietnamese text', () => {
    const text = 'code,name_vi,note\n82,Tỉnh Tiền Giang,"merged, 2025"\n815,"Thành phố ""Mỹ Tho""",\n';
    expect(parseCsv(text)).toEqual([
      { code: '82', name_vi: 'Tỉnh Tiền Giang', note: 'merged, 2025' },
      { code: '815', name_vi: 'Thành phố "Mỹ Tho"', note: '' },
    ]);
  });

  it('accepts CRLF and a missing final newline', () => {
    expect(parseCsv('a,b\r\n1,2')).toEqual([{ a: '1', b: '2' }]);
  });
});
