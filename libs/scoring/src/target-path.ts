import { parsePeriod } from '@dxhub/periods';
import { type Decimal, decimal, decimalText, rounded, scaledBy } from './decimal';

export type TargetDirection = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';

/** The parts of an indicator definition a target path is built from (the catalogue's fields). */
export interface TargetDefinition {
  direction?: TargetDirection | string;
  /** The value measured in a period: the path starts there (at the period's last day). */
  baseline?: { period: string; value: number | string } | null;
  /** A value to reach by the end of each year; `tolerance` is the near-miss band in the indicator's unit. */
  targets?: { year: number; value: number | string; comparator?: string; tolerance?: number | string }[];
}

/** Where the target path stands on a day. Numbers are decimal strings. */
export interface TargetPoint {
  value: string;
  /** The comparator and tolerance of the target year the path leads to (or of the last one, after it). */
  comparator: string;
  tolerance: string;
  year: number;
  /** False on an anchor (a target year's end, or past the last) — true between anchors. */
  interpolated: boolean;
}

/** Digits a path value keeps: finer than any published target, coarse enough to read. */
export const TARGET_DIGITS = 4;

interface Anchor {
  day: number;
  value: Decimal;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date: the path's time axis (whole days, so interpolation stays exact). */
export function dayNumber(isoDate: string): number {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`not an ISO date: '${isoDate}'`);
  return Math.round(ms / DAY_MS);
}

/** The last day of a period in DHIS2 notation; a baseline written 2025-01 counts as 202501. */
export function periodLastDay(periodId: string): string | null {
  return parsePeriod(periodId.replace(/^(\d{4})-(\d{2})$/, '$1$2'))?.end ?? null;
}

/**
 * The target on a day (a period's last day): the path runs from the baseline (at its period's last day)
 * through each target (at 31 December of its year), straight between neighbours, by days. Before the
 * first anchor the first anchor's value holds (with no baseline, the first target itself: an indicator
 * without a measured start is held to its target from the beginning); after the last target it holds.
 * A baseline on or after the first target's end is ignored: it cannot start a path to it. Null without
 * targets.
 */
export function targetOn(definition: TargetDefinition, isoDate: string): TargetPoint | null {
  const targets = [...(definition.targets ?? [])].sort((a, b) => a.year - b.year);
  if (targets.length === 0) return null;
  const day = dayNumber(isoDate);
  const ends = targets.map((t) => dayNumber(`${t.year}-12-31`));
  const next = ends.findIndex((end) => day <= end);
  const leadsTo = targets[next === -1 ? targets.length - 1 : next];
  const point = (value: Decimal, interpolated: boolean): TargetPoint => ({
    value: decimalText(rounded(value, TARGET_DIGITS)),
    comparator: leadsTo.comparator ?? (definition.direction === 'LOWER_IS_BETTER' ? '<=' : '>='),
    tolerance: decimalText(decimal(leadsTo.tolerance ?? 0)),
    year: leadsTo.year,
    interpolated,
  });
  if (next === -1) return point(decimal(leadsTo.value), false);
  const to: Anchor = { day: ends[next], value: decimal(leadsTo.value) };
  if (day === to.day) return point(to.value, false);
  const from = previousAnchor(definition, targets, ends, next);
  if (!from) return point(to.value, false);
  if (day <= from.day) return point(from.value, true);
  const share = scaledBy(to.value - from.value, day - from.day, to.day - from.day);
  return point(from.value + share, true);
}

function previousAnchor(
  definition: TargetDefinition,
  targets: NonNullable<TargetDefinition['targets']>,
  ends: number[],
  next: number,
): Anchor | null {
  if (next > 0) return { day: ends[next - 1], value: decimal(targets[next - 1].value) };
  const baseline = definition.baseline;
  const lastDay = baseline ? periodLastDay(baseline.period) : null;
  if (!baseline || lastDay === null) return null;
  const day = dayNumber(lastDay);
  return day < ends[0] ? { day, value: decimal(baseline.value) } : null;
}
