import type { TablePaginationConfig } from 'antd';
import type { HTMLAttributes } from 'react';

/* What the app's lists and tables share: their pages kept in the address (numbered or keyset), rows named for tests. */

/** A page number from the address (`?page=3`), at least 1. */
export function pageOf(value: string): number {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** A page number from the address, no further than the last page of `total` rows (a filter may have shortened them). */
export function pageWithin(value: string, total: number, pageSize: number): number {
  return Math.min(pageOf(value), Math.max(Math.ceil(total / pageSize), 1));
}

/**
 * A table's pager. The page (and, with `sizes`, the rows per page the person chose) live in the address:
 * `onChange` writes them there.
 */
export function tablePager({
  page,
  pageSize,
  total,
  totalText,
  onChange,
  sizes,
  small,
}: {
  page: number;
  pageSize: number;
  total: number;
  /** "21–40 of 68 values"; `range` is the first and last row shown. */
  totalText: (total: number, range: [number, number]) => string;
  onChange: (page: number, pageSize: number) => void;
  sizes?: string[];
  small?: boolean;
}): TablePaginationConfig {
  return {
    current: page,
    pageSize,
    total,
    showSizeChanger: sizes !== undefined,
    ...(sizes && { pageSizeOptions: sizes }),
    ...(small && { size: 'small' as const }),
    showTotal: totalText,
    onChange,
  };
}

/** A row's attributes for a table's `onRow`: its type names no `data-*` attribute, which tests and styles read. */
export function rowAttributes(attributes: Record<string, unknown>): HTMLAttributes<HTMLElement> {
  return attributes as HTMLAttributes<HTMLElement>;
}

/**
 * Keyset pages walked through, kept in the address as their cursors (`?at=120,98`): a reload shows the same page
 * and the back button steps back through them. `valid` drops a cursor mistyped by hand.
 */
export function cursorTrail(value: string, valid: (cursor: string) => boolean = (cursor) => cursor !== '') {
  const cursors = value.split(',').filter(valid);
  return {
    /** The cursor of the page shown; undefined on the first page. */
    cursor: cursors.at(-1),
    /** The page shown, 1 for the first. */
    page: cursors.length + 1,
    /** The address of the page before. */
    back: cursors.slice(0, -1).join(','),
    /** The address of the page after, which begins at `next`. */
    forward: (next: string) => [...cursors, next].join(','),
  };
}
