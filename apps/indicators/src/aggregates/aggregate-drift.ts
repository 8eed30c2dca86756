import type { EntityManager } from 'typeorm';

export interface AggregateDrift {
  indicatorCode: string;
  orgUnitId: number;
  period: string;
  stored: { valueSum: string; valueCount: string; numeratorSum: string; denominatorSum: string } | null;
  recomputed: { valueSum: string; valueCount: string; numeratorSum: string; denominatorSum: string } | null;
}

/**
 * Every aggregate of a reported period whose stored sums differ from a recomputation from the current
 * values through the closure: the proof that incremental roll-up is exact (empty when it is). Coarser
 * periods are recomputed from these rows, see recomputeAggregates.
 */
export async function findAggregateDrift(m: EntityManager, indicatorCodes: string[]): Promise<AggregateDrift[]> {
  const rows: Record<string, string | number | null>[] = await m.query(
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
  const state = (prefix: 'a' | 'r', row: Record<string, string | number | null>) =>
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
