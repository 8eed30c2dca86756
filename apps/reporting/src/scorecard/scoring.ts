import { type Period, PeriodType, parsePeriod } from '@dxhub/periods';
import { lowerIsBetter as scoringLowerIsBetter, periodLastDay, type TargetStatus, targetOn } from '@dxhub/scoring';
import type { IndicatorDefinition } from '../catalogue/indicator-definition';

export type { IndicatorDefinition };

/**
 * A scorecard line's status: the indicators service's judgement of the figure shown (TargetStatus, projected from
 * dx.indicator-standings.updated), `no-target` (no path for the period), `no-data` (no value), or
 * `awaiting-judgement` (a value and a path, but no judgement of that very figure has reached reporting yet).
 */
export type Status = TargetStatus | 'no-target' | 'no-data' | 'awaiting-judgement';

/** Where the target path stands in a period, in numbers (the read models' currency). */
export interface TargetPoint {
  /** The target the period should reach on the path from the previous point (baseline or target). */
  value: number;
  comparator: string;
  tolerance: number;
  /** The target year the path leads to. */
  year: number;
  interpolated: boolean;
}

const DAY = 86400000;

/** A date as a fractional year (2025-12-31 → 2025.997…), the time axis of projections. */
export function yearFraction(isoDate: string): number {
  const d = Date.parse(`${isoDate}T00:00:00Z`);
  const y = new Date(d).getUTCFullYear();
  const start = Date.UTC(y, 0, 1);
  const next = Date.UTC(y + 1, 0, 1);
  return y + (d + DAY - start) / (next - start);
}

/** A period's last day as a fractional year; a baseline period written 2025-01 counts as 202501. */
export function periodEnd(periodId: string): number | null {
  const end = periodLastDay(periodId);
  return end ? yearFraction(end) : null;
}

/** The target for a period: the target path (@dxhub/scoring) read at the period's last day. */
export function targetFor(def: IndicatorDefinition, period: Period): TargetPoint | null {
  const point = targetOn(def, period.end);
  return point && { ...point, value: Number(point.value), tolerance: Number(point.tolerance) };
}

export function lowerIsBetter(def: IndicatorDefinition, target?: TargetPoint | null): boolean {
  return scoringLowerIsBetter(def, target);
}

/** The national average for the period's year (or the latest earlier year). */
export function nationalAverageFor(def: IndicatorDefinition, period: Period): { year: number; value: number } | null {
  const known = (def.nationalAverage ?? []).filter((n) => n.year <= period.year).sort((a, b) => b.year - a.year);
  return known[0] ?? null;
}

/** The `count` periods of the same type before `period`, oldest first. */
export function previousPeriods(period: Period, count: number): Period[] {
  const out: Period[] = [];
  let year = period.year;
  let month = period.startMonth;
  for (let i = 0; i < count; i++) {
    month -= period.months;
    if (month < 1) {
      month += 12;
      year -= 1;
    }
    const p = parsePeriod(periodId(period.type, year, month));
    if (p) out.unshift(p);
  }
  return out;
}

function periodId(type: PeriodType, year: number, startMonth: number): string {
  switch (type) {
    case PeriodType.YEARLY:
      return `${year}`;
    case PeriodType.SIX_MONTHLY:
      return `${year}S${(startMonth - 1) / 6 + 1}`;
    case PeriodType.QUARTERLY:
      return `${year}Q${(startMonth - 1) / 3 + 1}`;
    default:
      return `${year}${String(startMonth).padStart(2, '0')}`;
  }
}

export interface Projection {
  targetYear: number;
  target: number;
  comparator: string;
  /** The value the current pace reaches at the end of the target year. */
  projected: number | null;
  /** When the pace meets the target (fractional year), or null if it does not at this pace. */
  metAt: number | null;
  met: boolean;
  /** How far the projection misses the target by (0 when met), in the indicator's unit. */
  shortfall: number | null;
}

/**
 * At the current pace: a least-squares line through the observed (time, value) points, read at the end
 * of each target year. Needs two points at different times.
 */
export function project(def: IndicatorDefinition, points: { at: number; value: number }[]): Projection[] {
  const targets = [...(def.targets ?? [])].sort((a, b) => a.year - b.year);
  const fit = linearFit(points);
  const lower = def.direction === 'LOWER_IS_BETTER';
  return targets.map((t) => {
    const comparator = t.comparator ?? (lower ? '<=' : '>=');
    const wantsLower = lower || comparator.startsWith('<');
    if (!fit)
      return {
        targetYear: t.year,
        target: t.value,
        comparator,
        projected: null,
        metAt: null,
        met: false,
        shortfall: null,
      };
    const end = t.year + 1;
    const projected = round(fit.intercept + fit.slope * end, 4);
    const met = wantsLower ? projected <= t.value : projected >= t.value;
    let metAt: number | null = null;
    if (fit.slope !== 0) {
      const crossing = (t.value - fit.intercept) / fit.slope;
      const latest = Math.max(...points.map((p) => p.at));
      const alreadyMet = wantsLower
        ? fit.intercept + fit.slope * latest <= t.value
        : fit.intercept + fit.slope * latest >= t.value;
      metAt = alreadyMet ? latest : (wantsLower ? fit.slope < 0 : fit.slope > 0) ? round(crossing, 2) : null;
    }
    const shortfall = met ? 0 : round(Math.abs(t.value - projected), 4);
    return { targetYear: t.year, target: t.value, comparator, projected, metAt, met, shortfall };
  });
}

function linearFit(points: { at: number; value: number }[]): { slope: number; intercept: number } | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.at, 0) / n;
  const my = points.reduce((s, p) => s + p.value, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.at - mx) ** 2, 0);
  if (sxx === 0) return null;
  const slope = points.reduce((s, p) => s + (p.at - mx) * (p.value - my), 0) / sxx;
  return { slope, intercept: my - slope * mx };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
