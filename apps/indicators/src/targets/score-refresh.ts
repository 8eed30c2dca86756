import { type DtiPartScoreV1, type DtiScoreUpdatedV1, EventTypes, serviceSource } from '@dxhub/contracts';
import { requirePeriod } from '@dxhub/periods';
import { appendFanOutToOutbox } from '@dxhub/messaging';
import { type FrameworkScores, frameworkFor, scoreByFramework, type ScoringFramework } from '@dxhub/scoring';
import type { EntityManager } from 'typeorm';

const SOURCE = serviceSource('indicators');

/** An org unit and year whose scores may have changed. */
export interface ScoreKey {
  org_unit_id: number;
  period: string;
}

/** A scored part as stored in org_unit_scores.parts: scores stay decimal strings (exact). */
export interface StoredPart {
  code: string;
  kind: 'index' | 'pillar' | 'overall';
  score: string | null;
  maxPoints: number;
  scored: number;
  indicators: number;
}

/** The code of the overall index among the parts. */
export const OVERALL_PART = 'DTI';

/**
 * Marks the scores of (org unit, year) pairs stale, in the caller's (the write path's) transaction: one
 * append-only insert, so concurrent batches of different indicators never queue on a shared score row.
 * TargetJobs recompute them from what those transactions committed.
 */
export async function queueScoreRefresh(m: EntityManager, keys: readonly ScoreKey[]): Promise<void> {
  const unique = distinctKeys(keys);
  if (unique.length === 0) return;
  await m.query(`INSERT INTO score_refresh_queue (org_unit_id, period) SELECT * FROM unnest($1::int[], $2::text[])`, [
    unique.map((k) => k.org_unit_id),
    unique.map((k) => k.period),
  ]);
}

/** Each (org unit, year) once. */
export function distinctKeys(keys: readonly ScoreKey[]): ScoreKey[] {
  return [...new Map(keys.map((k) => [`${k.org_unit_id}|${k.period}`, k])).values()];
}

/**
 * Recomputes the DTI-style scores of the given org units and years from their stored yearly achievements
 * (aggregate_targets), weighted by the framework in force for the year (dti_frameworks, loaded from
 * seeds/dti-framework.json at start), in the caller's transaction: one read, one upsert that writes only
 * the scores that changed, and one `dx.dti-score.updated` per changed (org unit, year) to the outbox.
 * Years are what the DTI scores; every indicator has a yearly aggregate through the roll-up over time.
 * Returns how many scores changed.
 */
export async function refreshScores(m: EntityManager, keys: readonly ScoreKey[]): Promise<number> {
  const unique = distinctKeys(keys);
  if (unique.length === 0) return 0;
  const frameworks = (await m.query(`SELECT definition FROM dti_frameworks ORDER BY framework`)) as {
    definition: ScoringFramework;
  }[];
  if (frameworks.length === 0) return 0; // not loaded yet (the service loads them at start)
  const rows: { org_unit_id: number; period: string; sub_index: string | null; achievement: string | null }[] =
    await m.query(
      `SELECT t.org_unit_id, t.period, a.sub_index, a.achievement::text AS achievement
     FROM unnest($1::int[], $2::text[]) AS t(org_unit_id, period)
     LEFT JOIN aggregate_targets a ON a.org_unit_id = t.org_unit_id AND a.period = t.period AND a.period_type = 'YEARLY'`,
      [unique.map((k) => k.org_unit_id), unique.map((k) => k.period)],
    );
  const achievements = new Map<string, { subIndex: string | null; achievement: string | null }[]>();
  for (const r of rows) {
    const list = achievements.get(`${r.org_unit_id}|${r.period}`) ?? [];
    if (r.achievement !== null) list.push({ subIndex: r.sub_index, achievement: r.achievement });
    achievements.set(`${r.org_unit_id}|${r.period}`, list);
  }
  const definitions = frameworks.map((f) => f.definition);
  const scored = unique.map((k) => {
    const framework = frameworkFor(definitions, requirePeriod(k.period).year);
    return { key: k, scores: scoreByFramework(framework, achievements.get(`${k.org_unit_id}|${k.period}`) ?? []) };
  });
  const changed: (ScoreKey & { org_unit_code: string; org_unit_name: string; version: number; updated_at: Date })[] =
    await m.query(
      `WITH written AS (
         INSERT INTO org_unit_scores AS s (org_unit_id, period, framework, points_inferred, score, points, coverage, parts)
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::boolean[], $5::numeric[], $6::numeric[],
                              $7::numeric[], $8::jsonb[])
         ORDER BY 1, 2
         ON CONFLICT (org_unit_id, period) DO UPDATE
           SET framework = EXCLUDED.framework, points_inferred = EXCLUDED.points_inferred, score = EXCLUDED.score,
               points = EXCLUDED.points, coverage = EXCLUDED.coverage, parts = EXCLUDED.parts,
               version = s.version + 1, updated_at = now()
           WHERE (s.framework, s.points_inferred, s.parts) IS DISTINCT FROM
                 (EXCLUDED.framework, EXCLUDED.points_inferred, EXCLUDED.parts)
         RETURNING s.org_unit_id, s.period, s.version, s.updated_at
       )
       SELECT w.org_unit_id, w.period, o.code AS org_unit_code, o.name_vi AS org_unit_name, w.version::int AS version,
              w.updated_at
       FROM written w JOIN org_units o ON o.id = w.org_unit_id`,
      [
        scored.map((s) => s.key.org_unit_id),
        scored.map((s) => s.key.period),
        scored.map((s) => s.scores.framework.code),
        scored.map((s) => s.scores.framework.pointsInferred),
        scored.map((s) => s.scores.overall.score),
        scored.map((s) => s.scores.overall.points),
        scored.map((s) => s.scores.overall.coverage),
        scored.map((s) => JSON.stringify(storedParts(s.scores))),
      ],
    );
  if (changed.length === 0) return 0;
  const byKey = new Map(scored.map((s) => [`${s.key.org_unit_id}|${s.key.period}`, s.scores]));
  await appendFanOutToOutbox(m, {
    type: EventTypes.DTI_SCORE_UPDATED,
    source: SOURCE,
    events: changed.map((c) => {
      const scores = byKey.get(`${c.org_unit_id}|${c.period}`) as FrameworkScores;
      const payload: DtiScoreUpdatedV1 = {
        orgUnitCode: c.org_unit_code,
        orgUnitName: c.org_unit_name,
        period: c.period,
        framework: scores.framework.code,
        decision: scores.framework.decision,
        pointsInferred: scores.framework.pointsInferred,
        points: scores.overall.points === null ? null : Number(scores.overall.points),
        coverage: Number(scores.overall.coverage),
        parts: storedParts(scores).map((p): DtiPartScoreV1 => ({
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
