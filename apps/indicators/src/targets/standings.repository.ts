import { type Column, column, type RowOf, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { TARGET_STATUSES, type TargetDefinition, type TargetStatus } from '@dxhub/scoring';
import { type AggregateKey, keyColumns } from '../aggregates/aggregate-key';

/*
 * The standings of aggregates against their target paths (aggregate_targets): what the judgement reads and writes,
 * in the caller's transaction, and what the API reads.
 */

/** The stored standing of an aggregate against its target path. */
export interface Standing {
  indicator_code: string;
  org_unit_id: number;
  period: string;
  period_type: string;
  sub_index: string | null;
  value: string;
  target: string;
  target_year: number;
  comparator: string;
  tolerance: string;
  achievement: string;
  status: TargetStatus;
  aggregate_version: number;
}

/** The parts of the definition in force at a period's end that targets read. */
export interface TargetFields {
  direction: string | null;
  baseline: TargetDefinition['baseline'];
  targets: TargetDefinition['targets'] | null;
  sub_index: string | null;
  responsible_agency: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isDecimal = (value: unknown): value is number | string => typeof value === 'number' || typeof value === 'string';

/** A definition's baseline (json): absent, null, or a period and its value. */
const baselineColumn: Column<TargetDefinition['baseline']> = {
  expected: 'json baseline or null',
  accepts: (value: unknown): value is TargetDefinition['baseline'] =>
    value === null || (isRecord(value) && typeof value.period === 'string' && isDecimal(value.value)),
};

/** A definition's targets (json): null, or a list of yearly targets. */
const targetsColumn: Column<NonNullable<TargetDefinition['targets']> | null> = {
  expected: 'json targets or null',
  accepts: (value: unknown): value is NonNullable<TargetDefinition['targets']> | null =>
    value === null ||
    (Array.isArray(value) &&
      value.every(
        (t) =>
          isRecord(t) &&
          typeof t.year === 'number' &&
          isDecimal(t.value) &&
          (t.comparator === undefined || typeof t.comparator === 'string') &&
          (t.tolerance === undefined || isDecimal(t.tolerance)),
      )),
};

/** A standing's status: one of TARGET_STATUSES. */
export const targetStatusColumn: Column<TargetStatus> = {
  expected: 'target status',
  accepts: (value: unknown): value is TargetStatus =>
    typeof value === 'string' && (TARGET_STATUSES as readonly string[]).includes(value),
};

const definitionRow = rowShape({
  key: column.text,
  direction: column.nullable(column.text),
  baseline: baselineColumn,
  targets: targetsColumn,
  sub_index: column.nullable(column.text),
  responsible_agency: column.nullable(column.text),
});

/**
 * The target fields of the definition in force on each (indicator, period end) pair, keyed `code|end` (`key`).
 */
export function definitionsInForce(
  m: SqlExecutor,
  pairs: { indicatorCodes: string[]; periodEnds: string[] },
): Promise<(TargetFields & { key: string })[]> {
  return selectRows(
    m,
    definitionRow,
    `SELECT t.indicator_code || '|' || t.period_end AS key, d.definition->>'direction' AS direction,
            d.definition->'baseline' AS baseline, d.definition->'targets' AS targets,
            d.definition->>'subIndex' AS sub_index, d.definition->>'responsibleAgency' AS responsible_agency
     FROM unnest($1::text[], $2::text[]) AS t(indicator_code, period_end)
     LEFT JOIN LATERAL (
       SELECT v.definition FROM indicator_versions v
       WHERE v.code = t.indicator_code AND v.effective_from <= t.period_end::date
       ORDER BY v.effective_from DESC LIMIT 1
     ) d ON true`,
    [pairs.indicatorCodes, pairs.periodEnds],
  );
}

const previousStandingRow = rowShape({
  indicator_code: column.text,
  org_unit_id: column.number,
  period: column.text,
  previous_status: targetStatusColumn,
  previous_achievement: column.text,
});

/** A standing as it was before replaceStandings, with its aggregate's key. */
export type PreviousStandingRow = RowOf<typeof previousStandingRow>;

/**
 * One statement: upserts `standings` (status_since moves only when the status changes), removes the standings of
 * `withdrawn` (aggregates without a value or a target any more; most have none), and returns what was stored
 * before for all of them. Every part of a statement sees the table as it was when the statement began, so the
 * previous standings are read in the same pass that replaces them.
 */
export function replaceStandings(
  m: SqlExecutor,
  standings: Standing[],
  withdrawn: AggregateKey[],
): Promise<PreviousStandingRow[]> {
  const col = <K extends keyof Standing>(k: K) => standings.map((s) => s[k]);
  return selectRows(
    m,
    previousStandingRow,
    `WITH judged AS (
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[],
                            $8::int[], $9::text[], $10::numeric[], $11::numeric[], $12::text[], $13::bigint[])
         AS t(indicator_code, org_unit_id, period, period_type, sub_index, value, target, target_year, comparator,
              tolerance, achievement, status, aggregate_version)
     ),
     withdrawn AS (SELECT * FROM unnest($14::text[], $15::int[], $16::text[]) AS t(indicator_code, org_unit_id, period)),
     previous AS (
       SELECT s.indicator_code, s.org_unit_id, s.period, s.status AS previous_status,
              s.achievement::text AS previous_achievement
       FROM (SELECT indicator_code, org_unit_id, period FROM judged UNION ALL SELECT * FROM withdrawn) t
       JOIN aggregate_targets s ON (s.indicator_code, s.org_unit_id, s.period) = (t.indicator_code, t.org_unit_id, t.period)
     ),
     stored AS (
       INSERT INTO aggregate_targets AS s (indicator_code, org_unit_id, period, period_type, sub_index, value, target,
                                           target_year, comparator, tolerance, achievement, status, aggregate_version)
       SELECT * FROM judged ORDER BY 1, 2, 3
       ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
         SET period_type = EXCLUDED.period_type, sub_index = EXCLUDED.sub_index, value = EXCLUDED.value,
             target = EXCLUDED.target, target_year = EXCLUDED.target_year, comparator = EXCLUDED.comparator,
             tolerance = EXCLUDED.tolerance, achievement = EXCLUDED.achievement, status = EXCLUDED.status,
             aggregate_version = EXCLUDED.aggregate_version, evaluated_at = now(),
             status_since = CASE WHEN s.status = EXCLUDED.status THEN s.status_since ELSE now() END
     ),
     removed AS (
       DELETE FROM aggregate_targets s USING withdrawn t
       WHERE (s.indicator_code, s.org_unit_id, s.period) = (t.indicator_code, t.org_unit_id, t.period)
     )
     SELECT * FROM previous`,
    [
      col('indicator_code'),
      col('org_unit_id'),
      col('period'),
      col('period_type'),
      col('sub_index'),
      col('value'),
      col('target'),
      col('target_year'),
      col('comparator'),
      col('tolerance'),
      col('achievement'),
      col('status'),
      col('aggregate_version'),
      ...keyColumns(withdrawn),
    ],
  );
}

const apiStandingRow = rowShape({
  indicator_code: column.text,
  value: column.text,
  target: column.text,
  target_year: column.number,
  comparator: column.text,
  tolerance: column.text,
  achievement: column.text,
  status: column.text,
  status_since: column.timestamp,
  aggregate_version: column.number,
  evaluated_at: column.timestamp,
});

/** The standings of an org unit's aggregates for a period, optionally of one indicator or one status. */
export function standingsOf(
  m: SqlExecutor,
  filter: { orgUnitId: number; period: string; indicator: string | null; status: string | null },
): Promise<RowOf<typeof apiStandingRow>[]> {
  return selectRows(
    m,
    apiStandingRow,
    `SELECT indicator_code, value::text, target::text, target_year, comparator, tolerance::text, achievement::text,
            status, status_since, aggregate_version::int AS aggregate_version, evaluated_at
     FROM aggregate_targets
     WHERE org_unit_id = $1 AND period = $2 AND ($3::text IS NULL OR indicator_code = $3)
       AND ($4::text IS NULL OR status = $4)
     ORDER BY indicator_code`,
    [filter.orgUnitId, filter.period, filter.indicator, filter.status],
  );
}
