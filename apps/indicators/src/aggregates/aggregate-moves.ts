import type { EntityManager } from 'typeorm';
import { type AggregateKey, aggregateId, keyColumns } from './aggregate-key';
import { isoTime, publishUpdatedAggregatesOf } from './aggregate-events';

/** An aggregate as it stands after a change: what its change in `dx.indicator-aggregates.updated` carries. */
export interface AggregateRow extends AggregateKey {
  org_unit_code: string;
  org_unit_name: string;
  aggregation: string;
  value: string | null;
  numerator: string;
  denominator: string;
  value_count: number;
  version: number;
  updated_at: Date | string;
}

/** The figure an aggregate shows, by the rule over org units, from its sums as written by `sums(column)`. */
export function figure(sums: (column: string) => string, rules: string): string {
  return `CASE WHEN ${sums('unit_count')} = 0 THEN NULL ELSE CASE ${rules}.aggregation
      WHEN 'SUM'     THEN ${sums('value_sum')}
      WHEN 'AVERAGE' THEN round(${sums('value_sum')} / ${sums('unit_count')}, 10)
      WHEN 'RATIO'   THEN round(${sums('numerator_sum')} * ${rules}.factor / NULLIF(${sums('denominator_sum')}, 0), 10) END END`;
}

/**
 * The end of a statement that moves aggregates by differences. `deltas` is a CTE with one row per
 * aggregate to move: (indicator_code, org_unit_id, period, period_type, value_sum, value_count, unit_count,
 * numerator_sum, denominator_sum, aggregation, factor), the sums being differences and `aggregation` and
 * `factor` the rule over org units in force for the period (rulesFor). Each row keeps the rule its figure
 * follows, so the upsert sets the figure from the new sums and, in the same statement, publishes it
 * (aggregate-events.ts). MIN and MAX keep their figures until settleExtremes: the statement returns those
 * rows (AggregateRows), for the caller to settle and publish.
 */
export function moveAggregatesBy(deltas: string): string {
  const movedFigure = figure((c) => `(a.${c} + EXCLUDED.${c})`, 'EXCLUDED');
  return `,
     moved AS (
       INSERT INTO indicator_aggregates AS a (indicator_code, org_unit_id, period, period_type, value_sum, value_count,
                                              unit_count, numerator_sum, denominator_sum, aggregation, factor, value)
       SELECT d.indicator_code, d.org_unit_id, d.period, d.period_type, d.value_sum, d.value_count, d.unit_count,
              d.numerator_sum, d.denominator_sum, d.aggregation, d.factor, ${figure((c) => `d.${c}`, 'd')}
       FROM ${deltas} d
       ORDER BY 1, 2, 3
       ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
         SET value_sum = a.value_sum + EXCLUDED.value_sum, value_count = a.value_count + EXCLUDED.value_count,
             unit_count = a.unit_count + EXCLUDED.unit_count, numerator_sum = a.numerator_sum + EXCLUDED.numerator_sum,
             denominator_sum = a.denominator_sum + EXCLUDED.denominator_sum,
             aggregation = EXCLUDED.aggregation, factor = EXCLUDED.factor,
             value = CASE WHEN EXCLUDED.aggregation IN ('MIN', 'MAX') THEN a.value ELSE ${movedFigure} END,
             version = a.version + 1, updated_at = now()
       RETURNING a.indicator_code, a.org_unit_id, a.period, a.aggregation, a.value, a.numerator_sum, a.denominator_sum,
                 a.value_count, a.version, a.updated_at
     ),
     -- Every row moved has updated_at = now(): its text is formatted once.
     moved_rows AS MATERIALIZED (
       SELECT x.indicator_code, x.org_unit_id, x.period, o.code AS org_unit_code, o.name_vi AS org_unit_name, x.aggregation,
              x.value, x.numerator_sum AS numerator, x.denominator_sum AS denominator, x.value_count, x.version,
              x.updated_at, clock.updated_iso, coalesce(x.aggregation IN ('MIN', 'MAX'), false) AS extreme
       FROM moved x JOIN org_units o ON o.id = x.org_unit_id
       CROSS JOIN (SELECT ${isoTime('now()')} AS updated_iso) clock
     ),
     settled AS (SELECT * FROM moved_rows WHERE NOT extreme),
     ${publishUpdatedAggregatesOf('settled')}
     SELECT indicator_code, org_unit_id, period, org_unit_code, org_unit_name, aggregation, value::text AS value,
            numerator::text AS numerator, denominator::text AS denominator, value_count::int AS value_count,
            version::int AS version, updated_at
     FROM moved_rows WHERE extreme`;
}

/**
 * MIN and MAX over org units do not move by differences: for the moved aggregates with those rules, the
 * extremes are recomputed from what lies below them — the current values under a reported period, the units'
 * figures under a coarser one (`source`) — and become their figures. Returns the rows with their
 * settled figures in place, and which of them changed.
 */
export async function settleExtremes<
  R extends AggregateKey & { aggregation: string; value: string | null; version: number },
>(
  m: EntityManager,
  moved: R[],
  source: 'reported' | 'coarser',
  options: { bumpVersion?: boolean } = {},
): Promise<{ rows: R[]; changed: AggregateKey[] }> {
  const extremes = moved.filter((r) => r.aggregation === 'MIN' || r.aggregation === 'MAX');
  if (extremes.length === 0) return { rows: moved, changed: [] };
  const below =
    source === 'reported'
      ? `JOIN indicator_values v ON v.indicator_code = t.indicator_code AND v.period = t.period
                              AND v.org_unit_id = cl.descendant_id AND cl.validity @> v.period_end`
      : `JOIN indicator_unit_rollups v ON v.indicator_code = t.indicator_code AND v.period = t.period
                                     AND v.org_unit_id = cl.descendant_id AND cl.validity @> v.anchor_end`;
  // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
  const [settled] = (await m.query(
    `WITH extremes AS (
       SELECT t.indicator_code, t.org_unit_id, t.period, t.rule, min(v.value) AS min_value, max(v.value) AS max_value
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[]) AS t(indicator_code, org_unit_id, period, rule)
       JOIN org_unit_closure cl ON cl.ancestor_id = t.org_unit_id
       ${below}
       GROUP BY 1, 2, 3, 4
     ),
     settled AS (
       SELECT e.*, CASE e.rule WHEN 'MIN' THEN e.min_value ELSE e.max_value END AS figure, a.value AS old_value
       FROM extremes e JOIN indicator_aggregates a USING (indicator_code, org_unit_id, period)
     )
     UPDATE indicator_aggregates a
     SET value_min = e.min_value, value_max = e.max_value,
         value = e.figure,
         version = a.version + CASE WHEN $5 AND e.old_value IS DISTINCT FROM e.figure THEN 1 ELSE 0 END
     FROM settled e
     WHERE (a.indicator_code, a.org_unit_id, a.period) = (e.indicator_code, e.org_unit_id, e.period)
     RETURNING a.indicator_code, a.org_unit_id, a.period, a.value::text AS value, a.version::int AS version,
               e.old_value IS DISTINCT FROM e.figure AS changed`,
    [...keyColumns(extremes), extremes.map((r) => r.aggregation), options.bumpVersion === true],
  )) as [(AggregateKey & { value: string | null; version: number; changed: boolean })[], number];
  const byId = new Map(settled.map((s) => [aggregateId(s), s]));
  const rows = moved.map((r) => {
    const s = byId.get(aggregateId(r));
    return s ? { ...r, value: s.value, version: s.version } : r;
  });
  return { rows, changed: settled.filter((s) => s.changed) };
}
