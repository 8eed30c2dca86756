/*
 * Row shapes: the columns a statement returns, declared beside its SQL and checked on every row it reads. A query
 * result is `unknown` until its shape has checked it, so a renamed column or a changed type fails loudly at the
 * statement that read it instead of as a wrong number three calls later; and no code casts a query result.
 *
 * The checks follow what node-postgres returns: int2/int4 and float as numbers, int8 and numeric as strings
 * (exact; convert with Number or BigInt where the value allows), timestamptz and date as Date, json/jsonb parsed,
 * arrays as arrays. A check only looks at the value (no copy), so a row costs a few typeof tests.
 */

/** One column: a check of the value node-postgres returns, and its name in messages. */
export interface Column<T> {
  readonly expected: string;
  accepts(value: unknown): value is T;
}

function columnOf<T>(expected: string, accepts: (value: unknown) => value is T): Column<T> {
  return { expected, accepts };
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isDate = (value: unknown): value is Date => value instanceof Date;
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const isNumberArray = (value: unknown): value is number[] => Array.isArray(value) && value.every(isNumber);
const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isArray = (value: unknown): value is unknown[] => Array.isArray(value);
const isAnything = (value: unknown): value is unknown => value !== undefined;

export const column = {
  /** text, varchar, uuid, and int8/numeric read as exact decimal strings. */
  text: columnOf('text', isString),
  /** int2, int4, float4, float8 (and `count(*)::int`). */
  number: columnOf('number', isNumber),
  boolean: columnOf('boolean', isBoolean),
  /** timestamptz, timestamp and date. */
  timestamp: columnOf('timestamp', isDate),
  textArray: columnOf('text[]', isStringArray),
  numberArray: columnOf('number[]', isNumberArray),
  /** json/jsonb holding an object. */
  jsonObject: columnOf('json object', isJsonObject),
  /** json/jsonb holding an array. */
  jsonArray: columnOf('json array', isArray),
  /** json/jsonb of any kind, checked further by the caller (a contract's validator, say). */
  json: columnOf('json', isAnything),
  /** The same column, which may also be NULL. */
  nullable<T>(inner: Column<T>): Column<T | null> {
    return columnOf(
      `${inner.expected} or null`,
      (value: unknown): value is T | null => value === null || inner.accepts(value),
    );
  },
} as const;

type Columns = Readonly<Record<string, Column<unknown>>>;

/** The row type a shape checks: `RowOf<typeof shape>` names it for signatures. */
export type RowOf<S> = S extends RowShape<infer R> ? R : never;

type RowOfColumns<C extends Columns> = { [K in keyof C]: C[K] extends Column<infer T> ? T : never };

/** A statement's result was not the shape its code reads: the statement or a migration changed under it. */
export class UnexpectedRowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnexpectedRowError';
  }
}

export class RowShape<R> {
  private readonly entries: readonly [string, Column<unknown>][];

  constructor(columns: Columns) {
    this.entries = Object.entries(columns);
  }

  /** Whether `row` has every column with a value of its type (other columns are allowed and ignored). */
  accepts(row: unknown): row is R {
    return this.mismatch(row) === undefined;
  }

  /** `row`, checked; throws naming the first column that is missing or of another type. */
  check(row: unknown, statement: string): R {
    if (this.accepts(row)) return row;
    throw new UnexpectedRowError(`${statement}: ${this.mismatch(row) ?? 'row is not an object'}`);
  }

  private mismatch(row: unknown): string | undefined {
    if (typeof row !== 'object' || row === null) return 'row is not an object';
    for (const [name, col] of this.entries) {
      const value: unknown = Reflect.get(row, name);
      if (!col.accepts(value)) {
        return `column "${name}" should be ${col.expected}, got ${describe(value)}`;
      }
    }
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (isDate(value)) return 'Date';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The shape of a statement's rows: `rowShape({ code: column.text, level: column.number })`. */
export function rowShape<C extends Columns>(columns: C): RowShape<RowOfColumns<C>> {
  return new RowShape<RowOfColumns<C>>(columns);
}
