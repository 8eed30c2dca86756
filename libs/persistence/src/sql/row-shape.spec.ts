import { column, rowShape, UnexpectedRowError } from './row-shape';

describe('rowShape', () => {
  const shape = rowShape({
    code: column.text,
    level: column.number,
    closed_at: column.nullable(column.timestamp),
    parents: column.textArray,
  });

  it('accepts a row with every column of its type, and returns the same object', () => {
    const row = { code: '82', level: 1, closed_at: null, parents: ['VN'], extra: true };
    expect(shape.check(row, 'SELECT org units')).toBe(row);
  });

  it('names the statement, the column, the type it expected and what it got', () => {
    expect(() => shape.check({ code: '82', level: '1', closed_at: null, parents: [] }, 'SELECT org units')).toThrow(
      new UnexpectedRowError('SELECT org units: column "level" should be number, got string'),
    );
    expect(() => shape.check({ code: '82', level: 1, parents: [] }, 'q')).toThrow(
      'q: column "closed_at" should be timestamp or null, got undefined',
    );
    expect(() => shape.check({ code: '82', level: 1, closed_at: '2025-01-01', parents: [] }, 'q')).toThrow(
      'should be timestamp or null, got string',
    );
    expect(() => shape.check({ code: '82', level: 1, closed_at: null, parents: [1] }, 'q')).toThrow(
      'column "parents" should be text[], got array',
    );
    expect(() => shape.check(null, 'q')).toThrow('q: row is not an object');
  });

  it('tells json objects from json arrays, and lets json of any kind through', () => {
    const json = rowShape({ definition: column.jsonObject, items: column.jsonArray, raw: column.json });
    expect(json.accepts({ definition: {}, items: [], raw: 3 })).toBe(true);
    expect(json.accepts({ definition: [], items: [], raw: 3 })).toBe(false);
    expect(json.accepts({ definition: {}, items: {}, raw: 3 })).toBe(false);
    expect(json.accepts({ definition: {}, items: [], raw: undefined })).toBe(false);
  });
});
