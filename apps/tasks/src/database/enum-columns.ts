import type { Column } from '@dxhub/persistence';

/** A text column holding one of `values` (a CHECK constraint's list), typed as that union. */
export function oneOf<T extends string>(values: readonly T[]): Column<T> {
  return {
    expected: values.join(' | '),
    accepts: (value: unknown): value is T => typeof value === 'string' && (values as readonly string[]).includes(value),
  };
}

/** A text[] column whose every element is one of `values`. */
export function arrayOf<T extends string>(values: readonly T[]): Column<T[]> {
  return {
    expected: `(${values.join(' | ')})[]`,
    accepts: (value: unknown): value is T[] =>
      Array.isArray(value) && value.every((v) => typeof v === 'string' && (values as readonly string[]).includes(v)),
  };
}
