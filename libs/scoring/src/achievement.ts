import { type Decimal, decimal, decimalText, dividedBy, HUNDRED, max, min, rounded, ZERO } from './decimal';
import type { TargetDefinition, TargetPoint } from './target-path';

export const TARGET_STATUSES = ['on-track', 'within-tolerance', 'off-track'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/**
 * Achievement is capped at 120 %: it shows by how much a target was beaten, up to a point, while an
 * outlier (a small target beaten tenfold) cannot dominate a list or an average. Scores clamp each
 * achievement again at 100 % (see scoreByFramework), so beating one target never makes up for another.
 */
export const ACHIEVEMENT_CAP = '120';

const CAP = decimal(ACHIEVEMENT_CAP);

/** Digits an achievement keeps (percent with two decimals). */
export const ACHIEVEMENT_DIGITS = 2;

/** A target is a ceiling when the indicator is LOWER_IS_BETTER or its comparator says so. */
export function lowerIsBetter(definition: TargetDefinition, target?: Pick<TargetPoint, 'comparator'> | null): boolean {
  if (definition.direction === 'LOWER_IS_BETTER') return true;
  return target ? target.comparator.startsWith('<') : false;
}

/**
 * The percentage of the target reached, as a decimal string (0–120): value ÷ target when higher is
 * better, target ÷ value when lower is better (a rank of 25 against a target of 20 reaches 80 %). A zero
 * target (higher is better) is reached by any value ≥ 0; a value ≤ 0 (lower is better) reaches the cap.
 * Null without a value or a target.
 */
export function achievementOf(
  definition: TargetDefinition,
  value: string | number | null,
  target: TargetPoint | null,
): string | null {
  return judge(definition, value, target)?.achievement ?? null;
}

/**
 * on-track when the target's comparator holds; within-tolerance when it does not but the value misses
 * the target by no more than the tolerance (in the indicator's unit); off-track otherwise. Null without
 * a value or a target. Exact: values and targets compare as decimals.
 */
export function statusOf(
  definition: TargetDefinition,
  value: string | number | null,
  target: TargetPoint | null,
): TargetStatus | null {
  return judge(definition, value, target)?.status ?? null;
}

/** Achievement and status together (each number parsed once): what a hot path asks for. */
export function judge(
  definition: TargetDefinition,
  value: string | number | null,
  target: TargetPoint | null,
): { achievement: string; status: TargetStatus } | null {
  if (value === null || !target) return null;
  const v = decimal(value);
  const t = decimal(target.value);
  const lower = lowerIsBetter(definition, target);
  let percent: Decimal;
  if (lower) percent = v <= ZERO ? CAP : dividedBy(t * 100n, v);
  else if (t === ZERO) percent = v >= ZERO ? HUNDRED : ZERO;
  else percent = dividedBy(v * 100n, t);
  const achievement = decimalText(rounded(max(ZERO, min(CAP, percent)), ACHIEVEMENT_DIGITS));
  return { achievement, status: standing(target, v, t, lower) };
}

function standing(target: TargetPoint, v: Decimal, t: Decimal, lower: boolean): TargetStatus {
  const met: Record<string, boolean> = { '>': v > t, '>=': v >= t, '<': v < t, '<=': v <= t, '=': v === t };
  if (met[target.comparator] ?? v >= t) return 'on-track';
  const shortfall = lower ? v - t : t - v;
  return shortfall <= decimal(target.tolerance) ? 'within-tolerance' : 'off-track';
}
