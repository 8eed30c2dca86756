// What the bench checks after an intake (bench/indicators/run.mjs): that the service applied the events it was sent.
import { PROVINCE_CODE } from './workload.mjs';

/**
 * On a fresh database: the province aggregate of every (indicator, period) sent equals what the events add up
 * to (the last value sent per cell).
 */
export async function verifyProvinceSums(db, workload, catalogue) {
  const rows = (
    await db.query(
      `SELECT a.indicator_code, a.period, a.value_count::text AS count, a.value_sum::text AS value_sum,
              a.numerator_sum::text AS numerator_sum, a.denominator_sum::text AS denominator_sum
       FROM indicators.indicator_aggregates a JOIN indicators.org_units o ON o.id = a.org_unit_id
       WHERE o.code = $1 AND o.level = 1 AND a.indicator_code = ANY($2)`,
      [PROVINCE_CODE, catalogue.indicators.map((i) => i.code)],
    )
  ).rows;
  const byKey = new Map(rows.map((r) => [`${r.indicator_code}|${r.period}`, r]));
  let mismatches = 0;
  const examples = [];
  for (const [key, e] of workload.expected) {
    const r = byKey.get(key);
    const ok =
      r &&
      Number(r.count) === e.count &&
      Number(r.value_sum) === e.valueSum &&
      Number(r.numerator_sum) === e.numeratorSum &&
      Number(r.denominator_sum) === e.denominatorSum;
    if (!ok) {
      mismatches++;
      if (examples.length < 3) examples.push({ key, expected: e, found: r ?? null });
    }
  }
  return {
    ok: mismatches === 0,
    provinceAggregates: workload.expected.size,
    mismatches,
    ...(examples.length ? { examples } : {}),
  };
}

/**
 * On the grown database, where every cell held a value before: every cell the events touched holds the figures
 * last sent for it (the events are newer than the history, so they win), and the province aggregate of each
 * (indicator, period) touched equals the sums of all its cells' current values.
 */
export async function verifyGrownIntake(db, workload) {
  const sent = [...workload.lastSent.values()];
  const [cells] = (
    await db.query(
      `SELECT count(*)::int AS cells,
              count(*) FILTER (WHERE v.indicator_code IS NULL
                                  OR (v.value, v.numerator, v.denominator) IS DISTINCT FROM (s.value, s.numerator, s.denominator))::int AS wrong
       FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[])
              AS s(indicator_code, unit_code, period, value, numerator, denominator)
       LEFT JOIN (indicators.indicator_values v JOIN indicators.org_units o ON o.id = v.org_unit_id AND o.validity @> v.period_end)
         ON (v.indicator_code, o.code, v.period) = (s.indicator_code, s.unit_code, s.period)`,
      [
        sent.map((s) => s.cell.indicator.code),
        sent.map((s) => s.cell.orgUnitCode),
        sent.map((s) => s.cell.period),
        sent.map((s) => s.figures.value ?? null),
        sent.map((s) => s.figures.numerator ?? null),
        sent.map((s) => s.figures.denominator ?? null),
      ],
    )
  ).rows;
  const touched = [...workload.expected.values()];
  const [sums] = (
    await db.query(
      `WITH touched AS (SELECT * FROM unnest($1::text[], $2::text[]) AS t(indicator_code, period)),
       cells AS (
         SELECT v.indicator_code, v.period, count(*) AS n, coalesce(sum(v.value), 0) AS value_sum,
                coalesce(sum(v.numerator), 0) AS numerator_sum, coalesce(sum(v.denominator), 0) AS denominator_sum
         FROM indicators.indicator_values v JOIN touched USING (indicator_code, period) GROUP BY 1, 2)
       SELECT count(*)::int AS checked,
              count(*) FILTER (WHERE a.indicator_code IS NULL OR a.value_count <> c.n OR a.value_sum <> c.value_sum
                                  OR a.numerator_sum <> c.numerator_sum OR a.denominator_sum <> c.denominator_sum)::int AS mismatches
       FROM cells c
       LEFT JOIN (indicators.indicator_aggregates a JOIN indicators.org_units o ON o.id = a.org_unit_id AND o.code = $3 AND o.level = 1)
         ON (a.indicator_code, a.period) = (c.indicator_code, c.period)`,
      [touched.map((e) => e.indicatorCode), touched.map((e) => e.period), PROVINCE_CODE],
    )
  ).rows;
  return {
    ok: cells.wrong === 0 && sums.mismatches === 0 && sums.checked === touched.length,
    cells: cells.cells,
    cellsNotAsSent: cells.wrong,
    provinceAggregates: sums.checked,
    mismatches: sums.mismatches,
  };
}
