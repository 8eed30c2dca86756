import { cursorTrail, pageOf, pageWithin, tablePager } from './table';

describe('pages kept in the address', () => {
  it('reads a page number, 1 for anything that is not one', () => {
    expect(pageOf('3')).toBe(3);
    for (const value of ['', '0', '-2', 'abc']) expect(pageOf(value)).toBe(1);
  });

  it('keeps a page within the rows a filter left', () => {
    expect(pageWithin('5', 45, 20)).toBe(3);
    expect(pageWithin('2', 45, 20)).toBe(2);
    expect(pageWithin('4', 0, 20)).toBe(1);
  });

  it('offers a choice of page size only when there are sizes to choose', () => {
    const fixed = tablePager({ page: 2, pageSize: 10, total: 31, totalText: String, onChange: () => undefined });
    expect(fixed).toMatchObject({ current: 2, pageSize: 10, total: 31, showSizeChanger: false });
    expect(fixed).not.toHaveProperty('pageSizeOptions');
    const chosen = tablePager({
      page: 1,
      pageSize: 20,
      total: 31,
      totalText: String,
      onChange: () => undefined,
      sizes: ['10', '20'],
      small: true,
    });
    expect(chosen).toMatchObject({ showSizeChanger: true, pageSizeOptions: ['10', '20'], size: 'small' });
  });

  it('walks keyset pages forward and back through their cursors', () => {
    const first = cursorTrail('');
    expect(first).toMatchObject({ cursor: undefined, page: 1, back: '' });
    expect(first.forward('120')).toBe('120');
    const third = cursorTrail('120,98');
    expect(third).toMatchObject({ cursor: '98', page: 3, back: '120' });
    expect(third.forward('77')).toBe('120,98,77');
    // A cursor mistyped by hand is dropped where the list says what a cursor looks like.
    expect(cursorTrail('120,x1,98', (c) => /^\d+$/.test(c)).cursor).toBe('98');
  });
});
