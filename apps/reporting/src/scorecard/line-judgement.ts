import type { TargetStatus } from '@dxhub/scoring';
import type { ProjectedStanding } from '../standings/standings.repository';
import type { Status, TargetPoint } from './scoring';

/** What an indicator line shows of its target and of the judgement of its figure. */
export interface LineJudgement {
  target: number | null;
  targetYear: number | null;
  comparator: string | null;
  achievement: number | null;
  status: Status;
  /** The aggregate version the projected standing (or its removal) is about; null when none was projected. */
  standingVersion: number | null;
}

/**
 * The judgement a scorecard line shows. Reporting does not judge: achievement, status and the judged target,
 * target year and comparator are the indicators service's (its standing, projected from
 * dx.indicator-standings.updated), shown only when that standing is about the very figure on the line (the
 * standing's aggregate version = the line's version). Otherwise the line shows the target on the definition's path
 * for the period (@dxhub/scoring's path, read from the catalogue: not a judgement) and no achievement, with status
 * `no-target` (no path), `no-data` (no value) or `awaiting-judgement` (a value and a path but no standing of that
 * version yet: the judgement follows within about a second of the figure, or the figure predates its target);
 * `standingVersion` tells which figure the latest projected standing is about.
 */
export function lineJudgement(
  path: TargetPoint | null,
  figure: { value: number | null; version: number } | undefined,
  standing: ProjectedStanding | undefined,
): LineJudgement {
  const standingVersion = standing?.aggregateVersion ?? null;
  const value = figure?.value ?? null;
  const sameFigure = standing !== undefined && figure !== undefined && standing.aggregateVersion === figure.version;
  if (sameFigure && value !== null && !standing.removed) {
    return {
      target: standing.target,
      targetYear: standing.targetYear,
      comparator: standing.comparator,
      achievement: standing.achievement,
      status: standing.status as TargetStatus,
      standingVersion,
    };
  }
  const onPath = {
    target: path?.value ?? null,
    targetYear: path?.year ?? null,
    comparator: path?.comparator ?? null,
    achievement: null,
    standingVersion,
  };
  if (value === null) return { ...onPath, status: path ? 'no-data' : 'no-target' };
  // A removal of this very figure: the indicators service found no target to judge it against.
  if (!path || (sameFigure && standing.removed)) return { ...onPath, status: 'no-target' };
  return { ...onPath, status: 'awaiting-judgement' };
}
