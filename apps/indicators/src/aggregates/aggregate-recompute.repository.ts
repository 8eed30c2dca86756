import { column, execute, type RowOf, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';
import type { AggregateKey } from './aggregate-key';
import { aggregateKeyRow } from './aggregate-row';

/* The recomputation's statements: the drift of reported-period aggregates from the values, and its repair. */

export interface AggregateDrift {
  indicatorCode: string;
  orgUnitId: number;
  period: string;
  stored: { valueSum: string; valueCount: string; numeratorSum: string; denominatorSum: string } | null;
  recomputed: { valueSum: string; valueCount: string; numeratorSum: string; denominatorSum: string } | null;
}

const sums = column.nullable(column.text);
const driftRow = rowShape({
  indicator_code: column.text,
  org_unit_id: column.number,
  period: column.text,
  a_sum: sums,
  a_count: sums,
  a_num: sums,
  a_den: sums,
  r_sum: sums,
  r_count: sums,
  r_num: sums,
  r_den: sums,
});

/**
 * Every aggregate of a reported period whose stored sums differ from a recomputation from the current
 * values through the closure: the proof that incremental roll-up is exact (empty when it is). Coarser
 * periods are recomputed from these rows, see recomputeAggregates.
 */
export async function findAggregateDrift(m: SqlExecutor, indicatorCodes: string[]): Promise<AggregateDrift[]> {
  const rows = await selectRows(
    m,
    driftRow,
    `
    WITH recomputed AS (
      SELECT v.indicator_code, cl.ancestor_id AS org_unit_id, v.period,
             coalesce(sum(v.value), 0) AS value_sum, count(*) AS value_count,
             coalesce(sum(v.numerator), 0) AS numerator_sum, coalesce(sum(v.denominator), 0) AS denominator_sum
      FROM indicator_values v
      JOIN org_unit_closure cl ON cl.descendant_id = v.org_unit_id AND cl.validity @> v.period_end
      WHERE v.indicator_code = ANY($1::text[])
      GROUP BY 1, 2, 3
    )
    SELECT coalesce(a.indicator_code, r.indicator_code) AS indicator_code,
           coalesce(a.org_unit_id, r.org_unit_id) AS org_unit_id,
           coalesce(a.period, r.period) AS period,
           a.value_sum::text AS a_sum, a.value_count::text AS a_count, a.numerator_sum::text AS a_num, a.denominator_sum::text AS a_den,
           r.value_sum::text AS r_sum, r.value_count::text AS r_count, r.numerator_sum::text AS r_num, r.denominator_sum::text AS r_den
    FROM (SELECT a.* FROM indicator_aggregates a JOIN indicators i ON i.code = a.indicator_code AND a.period_type = i.period_type
          WHERE a.indicator_code = ANY($1::text[])) a
    FULL JOIN recomputed r USING (indicator_code, org_unit_id, period)
    WHERE a.indicator_code IS NULL OR r.indicator_code IS NULL
       OR a.value_sum <> r.value_sum OR a.value_count <> r.value_count OR a.unit_count <> r.value_count
       OR a.numerator_sum <> r.numerator_sum OR a.denominator_sum <> r.denominator_sum
    ORDER BY 1, 2, 3`,
    [indicatorCodes],
  );
  const state = (prefix: 'a' | 'r', row: RowOf<typeof driftRow>) =>
    row[`${prefix}_sum`] === null
      ? null
      : {
          valueSum: String(row[`${prefix}_sum`]),
          valueCount: String(row[`${prefix}_count`]),
          numeratorSum: String(row[`${prefix}_num`]),
          denominatorSum: String(row[`${prefix}_den`]),
        };
  return rows.map((row) => ({
    indicatorCode: String(row.indicator_code),
    orgUnitId: Number(row.org_unit_id),
    period: String(row.period),
    stored: state('a', row),
    recomputed: state('r', row),
  }));
}

/** Sets the sums of drifted reported-period aggregates to their recomputed state (a new version each). */
export async function repairReportedAggregates(
  m: SqlExecutor,
  rows: { key: AggregateDrift; state: NonNullable<AggregateDrift['recomputed']> }[],
): Promise<void> {
  await execute(
    m,
    `INSERT INTO indicator_aggregates AS a (indicator_code, org_unit_id, period, period_type, value_sum, value_count, unit_count,
                                            numerator_sum, denominator_sum)
     SELECT t.indicator_code, t.org_unit_id, t.period, i.period_type, t.value_sum, t.value_count, t.value_count, t.numerator_sum, t.denominator_sum
     FROM unnest($1::text[], $2::int[], $3::text[], $4::numeric[], $5::bigint[], $6::numeric[], $7::numeric[])
          AS t(indicator_code, org_unit_id, period, value_sum, value_count, numerator_sum, denominator_sum)
     JOIN indicators i ON i.code = t.indicator_code
     ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
       SET value_sum = EXCLUDED.value_sum, value_count = EXCLUDED.value_count, unit_count = EXCLUDED.unit_count, numerator_sum = EXCLUDED.numerator_sum,
           denominator_sum = EXCLUDED.denominator_sum, version = a.version + 1, updated_at = now()`,
    [
      rows.map((r) => r.key.indicatorCode),
      rows.map((r) => r.key.orgUnitId),
      rows.map((r) => r.key.period),
      rows.map((r) => r.state.valueSum),
      rows.map((r) => r.state.valueCount),
      rows.map((r) => r.state.numeratorSum),
      rows.map((r) => r.state.denominatorSum),
    ],
  );
}

/** Every reported-period aggregate of the indicators. */
export function reportedAggregateKeys(m: SqlExecutor, indicatorCodes: string[]): Promise<AggregateKey[]> {
  return selectRows(
    m,
    aggregateKeyRow,
    `SELECT a.indicator_code, a.org_unit_id, a.period FROM indicator_aggregates a
     JOIN indicators i ON i.code = a.indicator_code AND a.period_type = i.period_type
     WHERE a.indicator_code = ANY($1::text[])`,
    [indicatorCodes],
  );
}
