import { decodeExplainCursor, encodeExplainCursor } from './explain-cursor';

describe('explain cursor', () => {
  it('round-trips a position', () => {
    const position = { orgUnitCode: '28249', period: '2024Q3', orgUnitId: 412 };
    expect(decodeExplainCursor(encodeExplainCursor(position))).toEqual(position);
  });

  it.each([
    ['not base64!'],
    [Buffer.from('r:123').toString('base64url')],
    [Buffer.from("x:82|2024|1'; DROP TABLE").toString('base64url')],
    [Buffer.from('x:82|2024-07|1').toString('base64url')],
  ])('refuses %s', (...[cursor]: string[]) => {
    expect(decodeExplainCursor(cursor)).toBeNull();
  });
});
