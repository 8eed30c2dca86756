import {
  type Column,
  column,
  execute,
  returningRows,
  type RowOf,
  rowShape,
  selectFirst,
  selectRows,
  type SqlExecutor,
} from '@dxhub/persistence';
import type { ScoringFramework } from '@dxhub/scoring';

/*
 * The DTI-style scores (org_unit_scores), their queue of stale (org unit, period) pairs (score_refresh_queue) and the
 * weighting frameworks (dti_frameworks): what the refresh and the API read and write.
 */

/** An org unit and period (of any type: month, quarter, half-year, year) whose scores may have changed. */
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A framework as loaded from seeds/dti-framework.json (json): its name, years, indexes, pillars and total. */
const frameworkColumn: Column<ScoringFramework> = {
  expected: 'json scoring framework',
  accepts: (value: unknown): value is ScoringFramework =>
    isRecord(value) &&
    typeof value.framework === 'string' &&
    typeof value.decision === 'string' &&
    Array.isArray(value.years) &&
    Array.isArray(value.indexes) &&
    Array.isArray(value.pillars) &&
    isRecord(value.total),
};

/** Stored parts (json): each with its code, kind, score and counts. */
const partsColumn: Column<StoredPart[]> = {
  expected: 'json stored parts',
  accepts: (value: unknown): value is StoredPart[] =>
    Array.isArray(value) &&
    value.every(
      (p) =>
        isRecord(p) &&
        typeof p.code === 'string' &&
        (p.kind === 'index' || p.kind === 'pillar' || p.kind === 'overall') &&
        (p.score === null || typeof p.score === 'string') &&
        typeof p.maxPoints === 'number' &&
        typeof p.scored === 'number' &&
        typeof p.indicators === 'number',
    ),
};

const scoreKeyRow = rowShape({ org_unit_id: column.number, period: column.text });

/**
 * Marks the scores of (org unit, period) pairs stale, in the caller's (the write path's) transaction: one
 * append-only insert, so concurrent batches of different indicators never queue on a shared score row.
 */
export async function queueScoreKeys(m: SqlExecutor, keys: readonly ScoreKey[]): Promise<void> {
  await execute(
    m,
    `INSERT INTO score_refresh_queue (org_unit_id, period) SELECT * FROM unnest($1::int[], $2::text[])`,
    [keys.map((k) => k.org_unit_id), keys.map((k) => k.period)],
  );
}

/**
 * Takes up to `limit` (org unit, period) pairs off the queue that have been stale for at least `staleMs` (their
 * first row queued that long ago), oldest first, with every row queued for them: a pair queued by many batches
 * meanwhile is scored once, not once per transaction that happens to take one of its rows.
 */
export function takeQueuedScoreKeys(m: SqlExecutor, limit: number, staleMs: number): Promise<ScoreKey[]> {
  return returningRows(
    m,
    scoreKeyRow,
    `DELETE FROM score_refresh_queue
     WHERE (org_unit_id, period) IN (
       SELECT org_unit_id, period FROM score_refresh_queue GROUP BY 1, 2
       HAVING min(queued_at) <= now() - make_interval(secs => $2::float8 / 1000)
       ORDER BY min(id) LIMIT $1)
     RETURNING org_unit_id, period`,
    [limit, staleMs],
  );
}

/** Loads the frameworks (a changed one replaces the stored one). */
export async function loadFrameworks(m: SqlExecutor, frameworks: readonly ScoringFramework[]): Promise<void> {
  await execute(
    m,
    `INSERT INTO dti_frameworks AS f (framework, definition)
     SELECT definition->>'framework', definition FROM unnest($1::jsonb[]) AS t(definition)
     ON CONFLICT (framework) DO UPDATE SET definition = EXCLUDED.definition, loaded_at = now()
       WHERE f.definition IS DISTINCT FROM EXCLUDED.definition`,
    [frameworks.map((f) => JSON.stringify(f))],
  );
}

const frameworkRow = rowShape({ definition: frameworkColumn });

/** Every loaded framework, by name. */
export async function frameworks(m: SqlExecutor): Promise<ScoringFramework[]> {
  const rows = await selectRows(m, frameworkRow, `SELECT definition FROM dti_frameworks ORDER BY framework`);
  return rows.map((r) => r.definition);
}

const achievementRow = rowShape({
  org_unit_id: column.number,
  period: column.text,
  sub_index: column.nullable(column.text),
  achievement: column.nullable(column.text),
});

/**
 * The achievements (aggregate_targets) of the org units in the periods, each period's own (a quarter's standings
 * for the quarter, a year's for the year): a row with nulls for a pair without any.
 */
export function periodAchievements(m: SqlExecutor, keys: readonly ScoreKey[]): Promise<RowOf<typeof achievementRow>[]> {
  return selectRows(
    m,
    achievementRow,
    `SELECT t.org_unit_id, t.period, a.sub_index, a.achievement::text AS achievement
     FROM unnest($1::int[], $2::text[]) AS t(org_unit_id, period)
     LEFT JOIN aggregate_targets a ON a.org_unit_id = t.org_unit_id AND a.period = t.period`,
    [keys.map((k) => k.org_unit_id), keys.map((k) => k.period)],
  );
}

/** The scores of one (org unit, period) as written. */
export interface ScoresToWrite {
  key: ScoreKey;
  framework: string;
  pointsInferred: boolean;
  score: string | null;
  points: string | null;
  coverage: string;
  parts: StoredPart[];
}

const writtenScoreRow = rowShape({
  org_unit_id: column.number,
  period: column.text,
  org_unit_code: column.text,
  org_unit_name: column.text,
  version: column.number,
  updated_at: column.timestamp,
});

/** Upserts the scores, writing only those that changed; returns those, with their org unit and new version. */
export function writeScores(
  m: SqlExecutor,
  scored: readonly ScoresToWrite[],
): Promise<RowOf<typeof writtenScoreRow>[]> {
  return selectRows(
    m,
    writtenScoreRow,
    `WITH written AS (
       INSERT INTO org_unit_scores AS s (org_unit_id, period, framework, points_inferred, score, points, coverage, parts)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::boolean[], $5::numeric[], $6::numeric[],
                            $7::numeric[],
                            ARRAY(SELECT p FROM jsonb_array_elements($8::jsonb) WITH ORDINALITY AS e(p, n) ORDER BY n))
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
      scored.map((s) => s.framework),
      scored.map((s) => s.pointsInferred),
      scored.map((s) => s.score),
      scored.map((s) => s.points),
      scored.map((s) => s.coverage),
      // One JSON array, not a jsonb[]: pg would escape every quote of every part's JSON into the array literal.
      JSON.stringify(scored.map((s) => s.parts)),
    ],
  );
}

const apiScoresRow = rowShape({
  framework: column.text,
  decision: column.text,
  points_inferred: column.boolean,
  score: column.nullable(column.text),
  points: column.nullable(column.text),
  coverage: column.text,
  parts: partsColumn,
  version: column.number,
  updated_at: column.timestamp,
});

/** The scores of an org unit for a period, with the framework's decision; undefined when none were computed. */
export function scoresOf(
  m: SqlExecutor,
  orgUnitId: number,
  period: string,
): Promise<RowOf<typeof apiScoresRow> | undefined> {
  return selectFirst(
    m,
    apiScoresRow,
    `SELECT s.framework, f.definition->>'decision' AS decision, s.points_inferred, s.score::text, s.points::text,
            s.coverage::text, s.parts, s.version::int AS version, s.updated_at
     FROM org_unit_scores s JOIN dti_frameworks f USING (framework)
     WHERE s.org_unit_id = $1 AND s.period = $2`,
    [orgUnitId, period],
  );
}
