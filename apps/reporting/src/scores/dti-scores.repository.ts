import { Inject, Injectable } from '@nestjs/common';
import type { DtiPartScoreV1, DtiScoreUpdatedV1 } from '@dxhub/contracts';
import { type Column, column, execute, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { DataSource } from 'typeorm';

/** A score update as the projection writes it: the event's id and its payload. */
export interface DtiScoreUpdate {
  id: string;
  data: DtiScoreUpdatedV1;
}

/** The scores of an org unit for a period as the indicators service published them (`dx.dti-score.updated`). */
export interface ProjectedScores {
  orgUnitCode: string;
  period: string;
  framework: string;
  decision: string;
  pointsInferred: boolean;
  points: number | null;
  coverage: number;
  /** The overall index (`DTI`) first, then the pillars, then the main indexes. */
  parts: DtiPartScoreV1[];
  version: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The parts as the event carried them (jsonb): code, kind, score 0–1 or null, points and counts. */
const partsColumn: Column<DtiPartScoreV1[]> = {
  expected: 'json scored parts',
  accepts: (value: unknown): value is DtiPartScoreV1[] =>
    Array.isArray(value) &&
    value.every(
      (p) =>
        isRecord(p) &&
        typeof p.code === 'string' &&
        (p.kind === 'index' || p.kind === 'pillar' || p.kind === 'overall') &&
        (p.score === null || typeof p.score === 'number') &&
        typeof p.maxPoints === 'number' &&
        typeof p.scored === 'number' &&
        typeof p.indicators === 'number',
    ),
};

// numeric columns are read as float8 (numbers), as the other read models serve them.
const scoresRow = rowShape({
  org_unit_code: column.text,
  period: column.text,
  framework: column.text,
  decision: column.text,
  points_inferred: column.boolean,
  points: column.nullable(column.number),
  coverage: column.number,
  parts: partsColumn,
  version: column.number,
});

const num = (v: number | null) => (v === null ? null : String(v));

/**
 * The DTI-score read model (`dti_scores`): written by the projection from `dx.dti-score.updated`, read by
 * scorecards and league tables. Bound to an executor: the pool when Nest provides it, the consumer's transaction
 * when the projection builds one.
 */
@Injectable()
export class DtiScoresRepository {
  constructor(@Inject(DataSource) private readonly db: SqlExecutor) {}

  /**
   * Upserts the newest update per (org unit, period) in one set-based statement; a row only moves forward (higher
   * version, or the same version under a later event id), so any batching, duplication or reordering ends in the
   * same rows.
   */
  async upsert(rows: DtiScoreUpdate[]): Promise<void> {
    const col = <T>(f: (r: DtiScoreUpdate) => T) => rows.map(f);
    await execute(
      this.db,
      `INSERT INTO dti_scores AS s (org_unit_code, period, org_unit_name, framework, decision, points_inferred, points,
                                    coverage, parts, version, updated_at, event_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::numeric[],
                            $8::numeric[], $9::jsonb[], $10::bigint[], $11::timestamptz[], $12::text[])
       ON CONFLICT (org_unit_code, period) DO UPDATE
         SET org_unit_name = EXCLUDED.org_unit_name, framework = EXCLUDED.framework, decision = EXCLUDED.decision,
             points_inferred = EXCLUDED.points_inferred, points = EXCLUDED.points, coverage = EXCLUDED.coverage,
             parts = EXCLUDED.parts, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
             event_id = EXCLUDED.event_id
         WHERE s.version < EXCLUDED.version OR (s.version = EXCLUDED.version AND s.event_id < EXCLUDED.event_id)`,
      [
        col((r) => r.data.orgUnitCode),
        col((r) => r.data.period),
        col((r) => r.data.orgUnitName),
        col((r) => r.data.framework),
        col((r) => r.data.decision),
        col((r) => r.data.pointsInferred),
        col((r) => num(r.data.points)),
        col((r) => String(r.data.coverage)),
        col((r) => JSON.stringify(r.data.parts)),
        col((r) => r.data.version),
        col((r) => r.data.updatedAt),
        col((r) => r.id),
      ],
    );
  }

  /** The scores of the org units for one period, in one read; a unit without any is absent. */
  async ofUnits(orgUnitCodes: readonly string[], period: string): Promise<Map<string, ProjectedScores>> {
    const rows = await selectRows(
      this.db,
      scoresRow,
      `SELECT org_unit_code, period, framework, decision, points_inferred, points::float8 AS points,
              coverage::float8 AS coverage, parts, version::int AS version
       FROM dti_scores
       WHERE period = $1 AND org_unit_code = ANY($2::text[])`,
      [period, orgUnitCodes],
    );
    return new Map(
      rows.map((r) => [
        r.org_unit_code,
        {
          orgUnitCode: r.org_unit_code,
          period: r.period,
          framework: r.framework,
          decision: r.decision,
          pointsInferred: r.points_inferred,
          points: r.points,
          coverage: r.coverage,
          parts: r.parts,
          version: r.version,
        },
      ]),
    );
  }

  /** The scores of one org unit for a period; undefined before the indicators service published any. */
  async find(orgUnitCode: string, period: string): Promise<ProjectedScores | undefined> {
    return (await this.ofUnits([orgUnitCode], period)).get(orgUnitCode);
  }
}
