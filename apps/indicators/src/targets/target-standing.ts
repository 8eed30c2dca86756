import { judge, type TargetDefinition, targetOn, type TargetStatus } from '@dxhub/scoring';

/** How a figure stands against its target path, in the fields aggregate responses carry. */
export interface TargetStanding {
  /** The path's value on the period's last day. */
  target: number;
  achievement: number;
  targetStatus: TargetStatus;
}

/**
 * The standing of any figure of an indicator for a period (e.g. an approved-only or first-published view
 * of an aggregate), by the same rules the stored standings follow; null without a value or a target.
 */
export function targetStanding(
  definition: TargetDefinition,
  periodEnd: string,
  value: string | null,
): TargetStanding | null {
  const target = targetOn(definition, periodEnd);
  const judged = judge(definition, value, target);
  if (!target || !judged) return null;
  return { target: Number(target.value), achievement: Number(judged.achievement), targetStatus: judged.status };
}
