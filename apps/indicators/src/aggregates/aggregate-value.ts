/**
 * SQL for an aggregate's value from its additive state, by the indicator's rule over org units:
 * a RATIO is the sum of numerators over the sum of denominators times the factor, never a mean of ratios.
 * `a` is indicator_aggregates, `i` is indicators. The one definition the service computes values with.
 */
export const AGGREGATE_VALUE_SQL = `
  CASE i.org_unit_aggregation
    WHEN 'SUM'     THEN a.value_sum
    WHEN 'AVERAGE' THEN round(a.value_sum / NULLIF(a.value_count, 0), 10)
    WHEN 'RATIO'   THEN round(a.numerator_sum * i.factor / NULLIF(a.denominator_sum, 0), 10)
    WHEN 'MIN'     THEN a.value_min
    WHEN 'MAX'     THEN a.value_max
  END`;
