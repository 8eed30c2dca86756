import { column, execute, returningRows, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';
import type { AggregateKey } from './aggregate-key';
import { aggregateKeyRow, aggregateRow, type AggregateRow } from './aggregate-row';
import { moveAggregatesBy } from './aggregates.repository';

/*
 * Roll-up over time, as DHIS2 does it: first over time for each reporting org unit (SUM and RATIO add up,
 * AVERAGE is the mean of the periods reported, MIN and MAX their extremes, LAST the latest period's figure —
 * stock values), then over the org units by the rule over org units. Each unit's figure for a coarser period
 * is kept in indicator_unit_rollups; a new value recomputes the figures of its own unit only (a handful of
 * values) and moves the coarser aggregates above the unit by the change, like the reported periods.
 *
 * Where a unit stood: its figure counts toward the org units above it on the last day of its latest
 * reported sub-period (its anchor), if they still exist at the end of the coarser period. A commune merged
 * away in mid-2025 still counts toward the province's 2025 through its first-half values.
 */

/** A unit's figure over the sub-periods of one period, by the rule over time `t.time_rule`, from values `v`. */
export const UNIT_FIGURE = `
  max(v.period_end) AS anchor_end,
  count(*)::int AS report_count,
  CASE t.time_rule
    WHEN 'SUM'     THEN sum(v.value)
    WHEN 'AVERAGE' THEN avg(v.value)
    WHEN 'MIN'     THEN min(v.value)
    WHEN 'MAX'     THEN max(v.value)
    WHEN 'LAST'    THEN (array_agg(v.value ORDER BY v.period DESC))[1] END AS value,
  CASE t.time_rule WHEN 'LAST' THEN (array_agg(v.numerator ORDER BY v.period DESC))[1] ELSE sum(v.numerator) END AS numerator,
  CASE t.time_rule WHEN 'LAST' THEN (array_agg(v.denominator ORDER BY v.period DESC))[1] ELSE sum(v.denominator) END AS denominator`;

/**
 * The org units in existence on each of the period ends `periodEnds` (a query), as the CTE `existing`.
 * Joined by equality, so the planner cannot choose to scan org units by validity for every figure.
 */
function existingOn(periodEnds: string): string {
  return `existing AS MATERIALIZED (
       SELECT o.id, e.period_end FROM (${periodEnds}) e (period_end) JOIN org_units o ON o.validity @> e.period_end
     )`;
}

/**
 * The org units above a unit figure `c`'s anchor, as `cl.ancestor_id`. The closure (a few hundred rows) is
 * hashed: a lookup in its GiST index per figure cost more, and OFFSET 0 keeps the planner from choosing it.
 */
const ABOVE_ANCHOR = `JOIN (SELECT descendant_id, ancestor_id, validity FROM org_unit_closure OFFSET 0) cl
    ON cl.descendant_id = c.org_unit_id AND cl.validity @> c.anchor_end`;

/** The org units a unit figure `c` counts toward: above its anchor, and existing at the period's end. */
const ANCESTORS_OF_FIGURE = `
  ${ABOVE_ANCHOR}
  JOIN existing above ON above.id = cl.ancestor_id AND above.period_end = c.period_end`;

/** A coarser period as the roll-up of an indicator's unit figures reads it, from a finer reported type. */
export interface CoarserPeriod {
  indicator_code: string;
  period: string;
  period_type: string;
  period_end: string;
  /** The first and last sub-period of the reported type: as text they bound the unit's values. */
  first: string;
  last: string;
  time_rule: string;
  /** The rule over org units in force for the period, and its factor. */
  aggregation: string;
  factor: number | null;
}

/** The units whose figure for a coarser period is recomputed: pairs (description number, org unit), from 1. */
export interface UnitPeriods {
  description: number[];
  org_unit_id: number[];
}

/**
 * Recomputes the coarser-period figures of the units whose reported-period values just changed and moves
 * the coarser aggregates above them by the difference, in one statement. Returns the aggregates moved
 * (MIN and MAX over org units still to settle).
 */
export function rollUpFigures(
  m: SqlExecutor,
  descriptions: CoarserPeriod[],
  unitPeriods: UnitPeriods,
): Promise<AggregateRow[]> {
  const col = <K extends keyof CoarserPeriod>(k: K) => descriptions.map((d) => d[k]);
  return selectRows(
    m,
    aggregateRow,
    `WITH described AS MATERIALIZED (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::numeric[]) WITH ORDINALITY
         AS d(indicator_code, period, period_type, period_end, first, last, time_rule, aggregation, factor, n)
     ),
     figures AS MATERIALIZED (
       SELECT t.n AS description, t.indicator_code, u.org_unit_id, t.period, t.period_type, t.period_end, f.*,
              p.anchor_end AS old_anchor_end, p.report_count AS old_report_count, p.value AS old_value,
              p.numerator AS old_numerator, p.denominator AS old_denominator, p.indicator_code IS NULL AS is_new
       FROM unnest($10::int[], $11::int[]) AS u(n, org_unit_id) JOIN described t ON t.n = u.n
       -- The unit's values in the period, through the primary key (a range of periods of one unit).
       CROSS JOIN LATERAL (
         SELECT ${UNIT_FIGURE} FROM indicator_values v
         WHERE v.indicator_code = t.indicator_code AND v.org_unit_id = u.org_unit_id AND v.period BETWEEN t.first AND t.last
       ) f
       -- By primary key (LIMIT keeps the planner from joining the whole table instead).
       LEFT JOIN LATERAL (
         SELECT p.* FROM indicator_unit_rollups p
         WHERE (p.indicator_code, p.org_unit_id, p.period) = (t.indicator_code, u.org_unit_id, t.period) LIMIT 1
       ) p ON true
     ),
     changed AS MATERIALIZED (
       SELECT * FROM figures
       WHERE is_new OR (old_anchor_end, old_report_count, old_value, old_numerator, old_denominator)
                       IS DISTINCT FROM (anchor_end, report_count, value, numerator, denominator)
     ),
     -- Executed though nothing reads it (PostgreSQL runs every data-modifying WITH to completion).
     stored AS (
       INSERT INTO indicator_unit_rollups AS c (indicator_code, org_unit_id, period, period_type, period_end, anchor_end,
                                                report_count, value, numerator, denominator)
       SELECT indicator_code, org_unit_id, period, period_type, period_end, anchor_end, report_count, value, numerator, denominator
       FROM changed
       ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
         SET anchor_end = EXCLUDED.anchor_end, report_count = EXCLUDED.report_count, value = EXCLUDED.value,
             numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator
     ),
     ${existingOn('SELECT DISTINCT period_end FROM described')},
     -- A changed figure leaves the org units above its old anchor and joins those above its new one.
     unit_moves AS (
       SELECT description, org_unit_id, period_end, anchor_end, report_count, value, numerator, denominator, 1 AS units
       FROM changed
       UNION ALL
       SELECT description, org_unit_id, period_end, old_anchor_end, -old_report_count, -old_value, -old_numerator,
              -old_denominator, -1
       FROM changed WHERE NOT is_new
     ),
     -- The closure first (a few rows per figure), then the units existing at the period's end: left to
     -- itself the planner pairs every figure with every unit existing on its period's end first.
     figure_edges AS MATERIALIZED (
       SELECT c.*, cl.ancestor_id FROM unit_moves c ${ABOVE_ANCHOR}
     ),
     -- Grouped by two integers (the description stands for the indicator, the period and its rules):
     -- grouping some 60,000 rows by their text columns cost more than the sums.
     figure_moves AS (
       SELECT t.indicator_code, m.org_unit_id, t.period, t.period_type, m.value_sum, m.value_count, m.unit_count,
              m.numerator_sum, m.denominator_sum, t.aggregation, t.factor
       FROM (
         SELECT c.description, c.ancestor_id AS org_unit_id,
                coalesce(sum(c.value), 0) AS value_sum, sum(c.report_count) AS value_count, sum(c.units) AS unit_count,
                coalesce(sum(c.numerator), 0) AS numerator_sum, coalesce(sum(c.denominator), 0) AS denominator_sum
         FROM figure_edges c JOIN existing above ON above.id = c.ancestor_id AND above.period_end = c.period_end
         GROUP BY c.description, c.ancestor_id
       ) m JOIN described t ON t.n = m.description
     )${moveAggregatesBy('figure_moves')}`,
    [
      col('indicator_code'),
      col('period'),
      col('period_type'),
      col('period_end'),
      col('first'),
      col('last'),
      col('time_rule'),
      col('aggregation'),
      col('factor'),
      unitPeriods.description,
      unitPeriods.org_unit_id,
    ],
  );
}

const reportedPeriodRow = rowShape({ indicator_code: column.text, period: column.text });

/** The periods each of the indicators has values for. */
export function reportedPeriods(
  m: SqlExecutor,
  indicatorCodes: string[],
): Promise<{ indicator_code: string; period: string }[]> {
  return selectRows(
    m,
    reportedPeriodRow,
    `SELECT DISTINCT indicator_code, period FROM indicator_values WHERE indicator_code = ANY($1::text[])`,
    [indicatorCodes],
  );
}

/** A reported period feeding a coarser one, with the rule over time in force for the coarser period. */
export interface Feed {
  indicator_code: string;
  fine: string;
  coarse: { id: string; type: string; end: string };
  time_rule: string;
}

/** Rebuilds the unit figures of the indicators from the stored values: every one dropped, those fed written again. */
export async function rebuildUnitFigures(m: SqlExecutor, indicatorCodes: string[], feeds: Feed[]): Promise<void> {
  await execute(m, `DELETE FROM indicator_unit_rollups WHERE indicator_code = ANY($1::text[])`, [indicatorCodes]);
  if (feeds.length > 0) {
    await execute(
      m,
      `WITH t AS MATERIALIZED (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[])
           AS t(indicator_code, fine, period, period_type, period_end, time_rule)
       )
       INSERT INTO indicator_unit_rollups (indicator_code, org_unit_id, period, period_type, period_end, anchor_end,
                                           report_count, value, numerator, denominator)
       SELECT t.indicator_code, v.org_unit_id, t.period, t.period_type, t.period_end, ${UNIT_FIGURE}
       FROM t JOIN indicator_values v ON v.indicator_code = t.indicator_code AND v.period = t.fine
       GROUP BY t.indicator_code, v.org_unit_id, t.period, t.period_type, t.period_end, t.time_rule`,
      [
        feeds.map((f) => f.indicator_code),
        feeds.map((f) => f.fine),
        feeds.map((f) => f.coarse.id),
        feeds.map((f) => f.coarse.type),
        feeds.map((f) => f.coarse.end),
        feeds.map((f) => f.time_rule),
      ],
    );
  }
}

/**
 * Compares every coarser-period aggregate of the indicators with the sum of the unit figures below it and
 * repairs the differences (a new version each); returns the repaired ones.
 */
export function repairCoarserAggregates(m: SqlExecutor, indicatorCodes: string[]): Promise<AggregateKey[]> {
  return returningRows(
    m,
    aggregateKeyRow,
    `WITH ${existingOn('SELECT DISTINCT period_end FROM indicator_unit_rollups WHERE indicator_code = ANY($1::text[])')},
     expected AS (
       SELECT c.indicator_code, cl.ancestor_id AS org_unit_id, c.period, c.period_type,
              coalesce(sum(c.value), 0) AS value_sum, sum(c.report_count) AS value_count, count(*) AS unit_count,
              coalesce(sum(c.numerator), 0) AS numerator_sum, coalesce(sum(c.denominator), 0) AS denominator_sum
       FROM indicator_unit_rollups c ${ANCESTORS_OF_FIGURE}
       WHERE c.indicator_code = ANY($1::text[])
       GROUP BY 1, 2, 3, 4
     ),
     stored AS (
       SELECT a.* FROM indicator_aggregates a JOIN indicators i ON i.code = a.indicator_code AND a.period_type <> i.period_type
       WHERE a.indicator_code = ANY($1::text[])
     ),
     differences AS (
       SELECT coalesce(e.indicator_code, s.indicator_code) AS indicator_code, coalesce(e.org_unit_id, s.org_unit_id) AS org_unit_id,
              coalesce(e.period, s.period) AS period, coalesce(e.period_type, s.period_type) AS period_type,
              coalesce(e.value_sum, 0) AS value_sum, coalesce(e.value_count, 0) AS value_count, coalesce(e.unit_count, 0) AS unit_count,
              coalesce(e.numerator_sum, 0) AS numerator_sum, coalesce(e.denominator_sum, 0) AS denominator_sum
       FROM expected e FULL JOIN stored s
         ON (s.indicator_code, s.org_unit_id, s.period) = (e.indicator_code, e.org_unit_id, e.period)
     )
     INSERT INTO indicator_aggregates AS a (indicator_code, org_unit_id, period, period_type, value_sum, value_count, unit_count,
                                            numerator_sum, denominator_sum)
     SELECT * FROM differences ORDER BY 1, 2, 3
     ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
       SET value_sum = EXCLUDED.value_sum, value_count = EXCLUDED.value_count, unit_count = EXCLUDED.unit_count,
           numerator_sum = EXCLUDED.numerator_sum, denominator_sum = EXCLUDED.denominator_sum,
           version = a.version + 1, updated_at = now()
       WHERE (a.value_sum, a.value_count, a.unit_count, a.numerator_sum, a.denominator_sum)
             <> (EXCLUDED.value_sum, EXCLUDED.value_count, EXCLUDED.unit_count, EXCLUDED.numerator_sum, EXCLUDED.denominator_sum)
     RETURNING indicator_code, org_unit_id, period`,
    [indicatorCodes],
  );
}

/** Every coarser-period aggregate of the indicators. */
export function coarserAggregateKeys(m: SqlExecutor, indicatorCodes: string[]): Promise<AggregateKey[]> {
  return selectRows(
    m,
    aggregateKeyRow,
    `SELECT a.indicator_code, a.org_unit_id, a.period FROM indicator_aggregates a
     JOIN indicators i ON i.code = a.indicator_code AND a.period_type <> i.period_type
     WHERE a.indicator_code = ANY($1::text[])`,
    [indicatorCodes],
  );
}
