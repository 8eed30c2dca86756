import { type Period, PeriodType, parsePeriod } from '@dxhub/periods';

/** The parts of an indicator definition (dx.indicator.defined) that scoring reads. */
export interface IndicatorDefinition {
  code: string;
  nameVi?: string;
  nameEn?: string;
  unit?: string;
  pillar?: string | null;
  subIndex?: string | null;
  periodType?: string;
  direction?: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER' | string;
  baseline?: { period: string; value: number } | null;
  targets?: { year: number; value: number; comparator?: string; tolerance?: number }[];
  nationalAverage?: { year: number; value: number }[];
  responsibleAgency?: string;
}

export type Status = 'on-track' | 'within-tolerance' | 'off-track' | 'no-target' | 'no-data';

export interface TargetPoint {
  /** The target the period should reach on the straight path from the previous point (baseline or target). */
  value: number;
  comparator: string;
  tolerance: number;
  /** The target year the path leads to. */
  year: number;
  interpolated: boolean;
}

/** Achievement is capped: beating a target by far must not hide other indicators in a mean. */
export const ACHIEVEMENT_CAP = 120;

const DAY = 86400000;

/** A date as a fractional year (2025-12-31 → 2025.997…), the time axis of target paths and projections. */
export function yearFraction(isoDate: string): number {
  const d = Date.parse(`${isoDate}T00:00:00Z`);
  const y = new Date(d).getUTCFullYear();
  const start = Date.UTC(y, 0, 1);
  const next = Date.UTC(y + 1, 0, 1);
  return y + (d + DAY - start) / (next - start);
}

/** A period's last day as a fractional year; a baseline period written 2025-01 counts as 202501. */
export function periodEnd(periodId: string): number | null {
  const p = parsePeriod(periodId.replace(/^(\d{4})-(\d{2})$/, '$1$2'));
  return p ? yearFraction(p.end) : null;
}

/**
 * The target for a period: the straight line from the previous point (the baseline, or the previous
 * target year's end) to the next target year's end, read at the period's end. After the last target
 * year the last target holds; with no earlier point the next target itself holds.
 */
export function targetFor(def: IndicatorDefinition, period: Period): TargetPoint | null {
  const targets = [...(def.targets ?? [])].sort((a, b) => a.year - b.year);
  if (targets.length === 0) return null;
  const at = yearFraction(period.end);
  const nextIndex = targets.findIndex((t) => t.year + 1 >= at);
  const target = nextIndex === -1 ? targets[targets.length - 1] : targets[nextIndex];
  const base = { comparator: target.comparator ?? '>=', tolerance: target.tolerance ?? 0, year: target.year };
  if (nextIndex === -1) return { ...base, value: target.value, interpolated: false };
  let from: { at: number; value: number } | null = null;
  if (nextIndex > 0) from = { at: targets[nextIndex - 1].year + 1, value: targets[nextIndex - 1].value };
  else if (def.baseline) {
    const baselineAt = periodEnd(def.baseline.period);
    if (baselineAt !== null && baselineAt < target.year + 1) from = { at: baselineAt, value: def.baseline.value };
  }
  const to = target.year + 1;
  if (!from || at >= to) return { ...base, value: target.value, interpolated: false };
  if (at <= from.at) return { ...base, value: from.value, interpolated: true };
  const value = from.value + ((target.value - from.value) * (at - from.at)) / (to - from.at);
  return { ...base, value: round(value, 4), interpolated: true };
}

export function lowerIsBetter(def: IndicatorDefinition, target?: TargetPoint | null): boolean {
  if (def.direction === 'LOWER_IS_BETTER') return true;
  return target ? target.comparator.startsWith('<') : false;
}

/** Percent of the target reached, direction-aware, capped at ACHIEVEMENT_CAP. */
export function achievement(def: IndicatorDefinition, value: number | null, target: TargetPoint | null): number | null {
  if (value === null || !target) return null;
  let ratio: number;
  if (lowerIsBetter(def, target)) ratio = value <= 0 ? ACHIEVEMENT_CAP / 100 : target.value / value;
  else ratio = target.value === 0 ? (value >= 0 ? 1 : 0) : value / target.value;
  return round(Math.max(0, Math.min(ACHIEVEMENT_CAP, ratio * 100)), 2);
}

/** on-track when the comparator holds; within-tolerance when short by no more than the tolerance. */
export function status(def: IndicatorDefinition, value: number | null, target: TargetPoint | null): Status {
  if (!target) return 'no-target';
  if (value === null) return 'no-data';
  const t = target.value;
  const met =
    target.comparator === '>'
      ? value > t
      : target.comparator === '<'
        ? value < t
        : target.comparator === '<='
          ? value <= t
          : target.comparator === '='
            ? value === t
            : value >= t;
  if (met) return 'on-track';
  const shortfall = lowerIsBetter(def, target) ? value - t : t - value;
  return shortfall <= target.tolerance ? 'within-tolerance' : 'off-track';
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
