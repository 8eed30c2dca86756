import { column, returningRows, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { type AggregateKey, keyColumns } from '../aggregates/aggregate-key';
import type { AggregateRow } from '../aggregates/aggregate-row';

/* `approved_figures`: the approved-only figures last published, each with its version. */

const aggregateKeyRow = rowShape({ indicator_code: column.text, org_unit_id: column.number, period: column.text });
const approvedFigureRow = rowShape({
  indicator_code: column.text,
  org_unit_id: column.number,
  org_unit_code: column.text,
  org_unit_name: column.text,
  period: column.text,
  aggregation: column.text,
  value: column.nullable(column.text),
  numerator: column.text,
  denominator: column.text,
  value_count: column.number,
  version: column.number,
  updated_at: column.timestamp,
});

/** A figure to store: its sums as exact decimal text (value null and sums '0' when no approved value counts). */
export interface ApprovedFigureSums {
  key: AggregateKey;
  value: string | null;
  numerator: string;
  denominator: string;
  valueCount: number;
}

/**
 * The aggregates the candidate keys count toward: those of the key's org unit and every unit it has been under
 * (any validity of the hierarchy), for the key's period.
 */
export function aggregatesAbove(m: SqlExecutor, candidates: AggregateKey[]): Promise<AggregateKey[]> {
  return selectRows(
    m,
    aggregateKeyRow,
    `SELECT DISTINCT a.indicator_code, a.org_unit_id, a.period
     FROM unnest($1::text[], $2::int[], $3::text[]) AS c(indicator_code, org_unit_id, period)
     JOIN org_unit_closure cl ON cl.descendant_id = c.org_unit_id
     JOIN indicator_aggregates a ON a.indicator_code = c.indicator_code AND a.org_unit_id = cl.ancestor_id
                                AND a.period = c.period
     ORDER BY a.indicator_code, a.period, a.org_unit_id`,
    keyColumns(candidates),
  );
}

/**
 * Upserts the figures that differ from the last published ones (a new version each) and returns them as
 * they now stand. A figure with no approved value is stored (value null) only when one was published before.
 */
export function upsertChangedFigures(m: SqlExecutor, figures: ApprovedFigureSums[]): Promise<AggregateRow[]> {
  return returningRows(
    m,
    approvedFigureRow,
    `WITH t AS (
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[], $7::bigint[])
                AS t(indicator_code, org_unit_id, period, value, numerator_sum, denominator_sum, value_count)
     ),
     changed AS (
       INSERT INTO approved_figures AS a (indicator_code, org_unit_id, period, value, numerator_sum, denominator_sum,
                                         value_count, version)
       SELECT t.*, 1 FROM t
       WHERE t.value_count > 0
          OR EXISTS (SELECT 1 FROM approved_figures f
                     WHERE (f.indicator_code, f.org_unit_id, f.period) = (t.indicator_code, t.org_unit_id, t.period))
       ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
         SET value = EXCLUDED.value, numerator_sum = EXCLUDED.numerator_sum, denominator_sum = EXCLUDED.denominator_sum,
             value_count = EXCLUDED.value_count, version = a.version + 1, updated_at = now()
         WHERE (a.value, a.numerator_sum, a.denominator_sum, a.value_count)
               IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.numerator_sum, EXCLUDED.denominator_sum, EXCLUDED.value_count)
       RETURNING a.*
     )
     SELECT c.indicator_code, c.org_unit_id, o.code AS org_unit_code, o.name_vi AS org_unit_name, c.period,
            '' AS aggregation, c.value::text AS value, c.numerator_sum::text AS numerator,
            c.denominator_sum::text AS denominator, c.value_count::int AS value_count, c.version::int AS version,
            c.updated_at
     FROM changed c JOIN org_units o ON o.id = c.org_unit_id
     ORDER BY c.indicator_code, c.period, o.code`,
    [
      ...keyColumns(figures.map((f) => f.key)),
      figures.map((f) => f.value),
      figures.map((f) => f.numerator),
      figures.map((f) => f.denominator),
      figures.map((f) => f.valueCount),
    ],
  );
}
