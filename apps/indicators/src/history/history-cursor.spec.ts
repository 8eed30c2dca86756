import { decodeHistoryCursor, encodeHistoryCursor } from './history-cursor';

describe('history cursor', () => {
  it('round-trips a report id', () => {
    expect(decodeHistoryCursor(encodeHistoryCursor('9007199254740993'))).toBe('9007199254740993');
  });

  it('refuses text it did not make', () => {
    expect(decodeHistoryCursor('')).toBeNull();
    expect(decodeHistoryCursor('not a cursor!')).toBeNull();
    expect(decodeHistoryCursor(Buffer.from('x:12').toString('base64url'))).toBeNull();
    expect(decodeHistoryCursor(Buffer.from('r:12; DROP').toString('base64url'))).toBeNull();
    expect(decodeHistoryCursor(Buffer.from('r:0').toString('base64url'))).toBeNull();
  });
});
