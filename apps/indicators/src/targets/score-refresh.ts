import { type DtiPartScoreV1, type DtiScoreUpdatedV1, EventTypes, serviceSource } from '@dxhub/contracts';
import { requirePeriod } from '@dxhub/periods';
import { appendFanOutToOutbox } from '@dxhub/messaging';
import type { SqlExecutor } from '@dxhub/persistence';
import { type FrameworkScores, frameworkFor, type ResolvedFramework, scoreByFramework } from '@dxhub/scoring';
import type { EntityManager } from 'typeorm';
import {
  frameworks as loadedFrameworks,
  queueScoreKeys,
  type ScoreKey,
  type StoredPart,
  writeScores,
  periodAchievements,
} from './scores.repository';

const SOURCE = serviceSource('indicators');

/** The code of the overall index among the parts. */
export const OVERALL_PART = 'DTI';

/**
 * Marks the scores of (org unit, period) pairs stale, in the caller's (the write path's) transaction: one
 * append-only insert, so concurrent batches of different indicators never queue on a shared score row.
 * TargetJobs recompute them from what those transactions committed.
 */
export async function queueScoreRefresh(m: SqlExecutor, keys: readonly ScoreKey[]): Promise<void> {
  const unique = distinctKeys(keys);
  if (unique.length === 0) return;
  await queueScoreKeys(m, unique);
}

/** Each (org unit, period) once. */
export function distinctKeys(keys: readonly ScoreKey[]): ScoreKey[] {
  return [...new Map(keys.map((k) => [`${k.org_unit_id}|${k.period}`, k])).values()];
}

/**
 * Recomputes the DTI-style scores of the given org units and periods from the stored achievements of each period
 * (aggregate_targets: a quarter's standings score the quarter, a year's the year), weighted by the framework in
 * force for the period's year (dti_frameworks, loaded from seeds/dti-framework.json at start), in the caller's
 * transaction: one read, one upsert that writes only the scores that changed, and one `dx.dti-score.updated` per
 * changed (org unit, period) to the outbox. The annual DTI is the yearly score; months, quarters and half-years
 * are scored the same way so that every scorecard reads its scores from here.
 * Returns how many scores changed.
 */
export async function refreshScores(m: EntityManager, keys: readonly ScoreKey[]): Promise<number> {
  const unique = distinctKeys(keys);
  if (unique.length === 0) return 0;
  const definitions = await loadedFrameworks(m);
  if (definitions.length === 0) return 0; // not loaded yet (the service loads them at start)
  const rows = await periodAchievements(m, unique);
  const achievements = new Map<string, { subIndex: string | null; achievement: string | null }[]>();
  for (const r of rows) {
    const list = achievements.get(`${r.org_unit_id}|${r.period}`) ?? [];
    if (r.achievement !== null) list.push({ subIndex: r.sub_index, achievement: r.achievement });
    achievements.set(`${r.org_unit_id}|${r.period}`, list);
  }
  // A run covers a few hundred keys over a few dozen years: each year's framework is resolved once.
  const frameworksByYear = new Map<number, ResolvedFramework>();
  const scored = unique.map((k) => {
    const year = requirePeriod(k.period).year;
    let framework = frameworksByYear.get(year);
    if (!framework) frameworksByYear.set(year, (framework = frameworkFor(definitions, year)));
    const scores = scoreByFramework(framework, achievements.get(`${k.org_unit_id}|${k.period}`) ?? []);
    return { key: k, scores, parts: storedParts(scores) };
  });
  const changed = await writeScores(
    m,
    scored.map((s) => ({
      key: s.key,
      framework: s.scores.framework.code,
      pointsInferred: s.scores.framework.pointsInferred,
      score: s.scores.overall.score,
      points: s.scores.overall.points,
      coverage: s.scores.overall.coverage,
      parts: s.parts,
    })),
  );
  if (changed.length === 0) return 0;
  const byKey = new Map(scored.map((s) => [`${s.key.org_unit_id}|${s.key.period}`, s]));
  await appendFanOutToOutbox(m, {
    type: EventTypes.DTI_SCORE_UPDATED,
    source: SOURCE,
    events: changed.map((c) => {
      const { scores, parts } = byKey.get(`${c.org_unit_id}|${c.period}`) as (typeof scored)[number];
      const payload: DtiScoreUpdatedV1 = {
        orgUnitCode: c.org_unit_code,
        orgUnitName: c.org_unit_name,
        period: c.period,
        framework: scores.framework.code,
        decision: scores.framework.decision,
        pointsInferred: scores.framework.pointsInferred,
        points: scores.overall.points === null ? null : Number(scores.overall.points),
        coverage: Number(scores.overall.coverage),
        parts: parts.map((p): DtiPartScoreV1 => ({
          ...p,
          score: p.score === null ? null : Number(p.score),
        })),
        version: c.version,
        updatedAt: new Date(c.updated_at).toISOString(),
      };
      return {
        key: payload.orgUnitCode,
        id: `dti-score:${c.org_unit_id}:${c.period}:v${c.version}`,
        subject: `${payload.orgUnitCode}/${payload.period}`,
        time: payload.updatedAt,
        payload,
      };
    }),
  });
  return changed.length;
}

/** The overall index first, then the pillars, then the main indexes. */
export function storedParts(scores: FrameworkScores): StoredPart[] {
  const part = (
    kind: StoredPart['kind'],
    p: { code: string; score: string | null; maxPoints: number; scored: number; indicators: number },
  ): StoredPart => ({
    code: p.code,
    kind,
    score: p.score,
    maxPoints: p.maxPoints,
    scored: p.scored,
    indicators: p.indicators,
  });
  const all = scores.indexes;
  return [
    part('overall', {
      code: OVERALL_PART,
      score: scores.overall.score,
      maxPoints: scores.overall.maxPoints,
      scored: all.reduce((s, i) => s + i.scored, 0),
      indicators: all.reduce((s, i) => s + i.indicators, 0),
    }),
    ...scores.pillars.map((p) => part('pillar', p)),
    ...scores.indexes.map((i) => part('index', i)),
  ];
}
