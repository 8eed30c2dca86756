import {
  column,
  execute,
  isoTime,
  returningRows,
  type RowOf,
  rowShape,
  selectRows,
  type SqlExecutor,
} from '@dxhub/persistence';
import type { AcceptedReport } from './accepted-report';
import { type AggregateKey, keyColumns } from './aggregate-key';
import { aggregateKeyRow, aggregateRow, type AggregateRow } from './aggregate-row';
import { publishUpdatedAggregatesOf, queueObligationProgressOf } from './aggregate-events.repository';

/*
 * The aggregates' writes: the intake's statements (reports stored, values and aggregates moved), the settling of
 * figures, and the reads of aggregates as they stand. Each runs on the executor it is given: the caller's
 * transaction on the write path.
 */

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
 * (aggregate-events.repository.ts). MIN and MAX keep their figures until settleExtremes: the statement returns those
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
 * One writer per indicator at a time, whichever topic or replica the reports came through; taken in
 * code order so two batches never wait on each other in a cycle.
 */
export async function lockIndicators(m: SqlExecutor, indicatorCodes: string[]): Promise<void> {
  const codes = [...new Set(indicatorCodes)].sort();
  await execute(
    m,
    `SELECT pg_advisory_xact_lock(hashtextextended('dxhub:indicator:' || code, 0))
     FROM (SELECT unnest($1::text[]) AS code ORDER BY 1) AS ordered`,
    [codes],
  );
}

const storedReportRow = rowShape({ id: column.text, event_source: column.text, event_id: column.text });

/** Stores the reports not stored before (their (source, id) is the dedupe key); returns those it stored. */
export function insertNewReports(
  m: SqlExecutor,
  reports: AcceptedReport[],
): Promise<{ id: string; event_source: string; event_id: string }[]> {
  const col = <K extends keyof AcceptedReport>(k: K) => reports.map((r) => r[k]);
  return returningRows(
    m,
    storedReportRow,
    `INSERT INTO indicator_reports (event_source, event_id, agency_code, indicator_code, org_unit_id, period,
                                    value, numerator, denominator, reported_at, topic)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[],
                          $7::numeric[], $8::numeric[], $9::numeric[], $10::timestamptz[], $11::text[])
     ON CONFLICT (event_source, event_id) DO NOTHING
     RETURNING id, event_source, event_id`,
    [
      col('eventSource'),
      col('eventId'),
      col('agencyCode'),
      col('indicatorCode'),
      col('orgUnitId'),
      col('period'),
      col('value'),
      col('numerator'),
      col('denominator'),
      col('reportedAt'),
      col('topic'),
    ],
  );
}

/** A report that wins its cell, with the rules over org units in force for its period. */
export interface CellValue {
  indicatorCode: string;
  orgUnitId: number;
  period: string;
  periodEnd: string;
  periodType: string;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  reportedAt: string;
  reportId: string;
  aggregation: string;
  factor: number | null;
}

/**
 * One statement: the incoming values replace older current values (a late-arriving older report changes
 * nothing), the difference each makes is summed per ancestor through the closure valid at the period's
 * end, and the ancestors' aggregates move by it; the cells' first values are queued for their obligations'
 * counts. Reading the current values and then writing is safe: the caller holds the indicators' locks. Returns the moved MIN and MAX aggregates (still to settle).
 */
export function moveValuesAndAggregates(m: SqlExecutor, cells: CellValue[]): Promise<AggregateRow[]> {
  const col = <K extends keyof CellValue>(k: K) => cells.map((r) => r[k]);
  return selectRows(
    m,
    aggregateRow,
    `WITH incoming AS MATERIALIZED (
       SELECT i.*, v.value AS old_value, v.numerator AS old_numerator, v.denominator AS old_denominator,
              v.indicator_code IS NULL AS is_new
       FROM unnest($1::text[], $2::int[], $3::text[], $4::date[], $5::numeric[], $6::numeric[], $7::numeric[],
                   $8::timestamptz[], $9::bigint[], $10::text[], $11::text[], $12::numeric[])
         AS i(indicator_code, org_unit_id, period, period_end, value, numerator, denominator, reported_at, report_id,
              period_type, aggregation, factor)
       -- A lookup by primary key per cell (LIMIT keeps the planner from joining the whole table instead).
       LEFT JOIN LATERAL (
         SELECT v.* FROM indicator_values v
         WHERE (v.indicator_code, v.org_unit_id, v.period) = (i.indicator_code, i.org_unit_id, i.period) LIMIT 1
       ) v ON true
       WHERE v.indicator_code IS NULL OR (v.reported_at, v.report_id) < (i.reported_at, i.report_id)
     ),
     -- Executed though nothing reads it (PostgreSQL runs every data-modifying WITH to completion).
     stored AS (
       INSERT INTO indicator_values AS cur (indicator_code, org_unit_id, period, period_end, value, numerator, denominator,
                                            reported_at, report_id)
       SELECT indicator_code, org_unit_id, period, period_end, value, numerator, denominator, reported_at, report_id
       FROM incoming
       ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
         SET value = EXCLUDED.value, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator,
             reported_at = EXCLUDED.reported_at, report_id = EXCLUDED.report_id, updated_at = now()
     ),
     -- The cells' first values (values are never deleted: a cell without one has had no report): their obligation
     -- periods' counts change, later reports never change them (ObligationProgressJob recounts them).
     first_values AS (SELECT indicator_code, period FROM incoming WHERE is_new),
     counted AS (${queueObligationProgressOf('first_values')}),
     rolled_up AS (
       SELECT i.indicator_code, cl.ancestor_id AS org_unit_id, i.period, i.period_type,
              sum(coalesce(i.value, 0) - coalesce(i.old_value, 0)) AS value_sum,
              sum(i.is_new::int) AS value_count, sum(i.is_new::int) AS unit_count,
              sum(coalesce(i.numerator, 0) - coalesce(i.old_numerator, 0)) AS numerator_sum,
              sum(coalesce(i.denominator, 0) - coalesce(i.old_denominator, 0)) AS denominator_sum,
              i.aggregation, i.factor
       FROM incoming i
       JOIN org_unit_closure cl ON cl.descendant_id = i.org_unit_id AND cl.validity @> i.period_end
       -- A report that repeats the value it replaces moves nothing: no new version, no event.
       WHERE i.is_new
          OR (i.value, i.numerator, i.denominator) IS DISTINCT FROM (i.old_value, i.old_numerator, i.old_denominator)
       GROUP BY i.indicator_code, cl.ancestor_id, i.period, i.period_type, i.aggregation, i.factor
     )${moveAggregatesBy('rolled_up')}`,
    [
      col('indicatorCode'),
      col('orgUnitId'),
      col('period'),
      col('periodEnd'),
      col('value'),
      col('numerator'),
      col('denominator'),
      col('reportedAt'),
      col('reportId'),
      col('periodType'),
      col('aggregation'),
      col('factor'),
    ],
  );
}

/** An aggregate to settle, with the rules over org units in force for its period. */
export interface KeyWithRules extends AggregateKey {
  aggregation: string;
  factor: number | null;
}

/**
 * Sets the figures of the stored aggregates (other than MIN and MAX) from their sums under the rules given;
 * returns the keys whose figure changed. `bumpVersion` gives them a new version.
 */
export function settleFigures(m: SqlExecutor, keys: KeyWithRules[], bumpVersion: boolean): Promise<AggregateKey[]> {
  return returningRows(
    m,
    aggregateKeyRow,
    `WITH figures AS (
       SELECT a.indicator_code, a.org_unit_id, a.period, t.aggregation, t.factor, ${figure((c) => `a.${c}`, 't')} AS value
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::numeric[]) AS t(indicator_code, org_unit_id, period, aggregation, factor)
       JOIN indicator_aggregates a USING (indicator_code, org_unit_id, period)
       WHERE t.aggregation NOT IN ('MIN', 'MAX')
     )
     UPDATE indicator_aggregates a SET value = f.value, aggregation = f.aggregation, factor = f.factor, version = a.version + $6::int
     FROM figures f
     WHERE (a.indicator_code, a.org_unit_id, a.period) = (f.indicator_code, f.org_unit_id, f.period)
       AND (a.value, a.aggregation, a.factor) IS DISTINCT FROM (f.value, f.aggregation, f.factor)
     RETURNING a.indicator_code, a.org_unit_id, a.period`,
    [...keyColumns(keys), keys.map((k) => k.aggregation), keys.map((k) => k.factor), bumpVersion ? 1 : 0],
  );
}

const settledExtremeRow = rowShape({
  indicator_code: column.text,
  org_unit_id: column.number,
  period: column.text,
  value: column.nullable(column.text),
  version: column.number,
  changed: column.boolean,
});

/** An extreme as settled: its figure and version, and whether the figure changed. */
export interface SettledExtreme extends AggregateKey {
  value: string | null;
  version: number;
  changed: boolean;
}

/**
 * Recomputes MIN and MAX aggregates from what lies below them — the current values under a reported period, the
 * units' figures under a coarser one (`source`) — and makes the extremes their figures (see settleExtremes).
 */
export function settleExtremeFigures(
  m: SqlExecutor,
  extremes: (AggregateKey & { aggregation: string })[],
  source: 'reported' | 'coarser',
  bumpVersion: boolean,
): Promise<SettledExtreme[]> {
  const below =
    source === 'reported'
      ? `JOIN indicator_values v ON v.indicator_code = t.indicator_code AND v.period = t.period
                              AND v.org_unit_id = cl.descendant_id AND cl.validity @> v.period_end`
      : `JOIN indicator_unit_rollups v ON v.indicator_code = t.indicator_code AND v.period = t.period
                                     AND v.org_unit_id = cl.descendant_id AND cl.validity @> v.anchor_end`;
  return returningRows(
    m,
    settledExtremeRow,
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
    [...keyColumns(extremes), extremes.map((r) => r.aggregation), bumpVersion],
  );
}

/** The aggregates of the keys as they stand in the caller's transaction (those that exist). */
export function aggregateRows(m: SqlExecutor, keys: AggregateKey[]): Promise<AggregateRow[]> {
  return selectRows(
    m,
    aggregateRow,
    `SELECT a.indicator_code, a.org_unit_id, o.code AS org_unit_code, o.name_vi AS org_unit_name, a.period,
            coalesce(a.aggregation, i.org_unit_aggregation) AS aggregation, a.value::text AS value,
            a.numerator_sum::text AS numerator, a.denominator_sum::text AS denominator,
            a.value_count::int AS value_count, a.version::int AS version, a.updated_at
     FROM unnest($1::text[], $2::int[], $3::text[]) AS t(indicator_code, org_unit_id, period)
     JOIN indicator_aggregates a USING (indicator_code, org_unit_id, period)
     JOIN indicators i ON i.code = a.indicator_code
     JOIN org_units o ON o.id = a.org_unit_id`,
    keyColumns(keys),
  );
}

const storedFigureRow = rowShape({
  value: column.nullable(column.text),
  numerator: column.text,
  denominator: column.text,
  valueCount: column.number,
  unitCount: column.number,
});

/** An aggregate's figure and sums as stored; null when there is no row for the key. */
export async function storedFigure(m: SqlExecutor, key: AggregateKey): Promise<RowOf<typeof storedFigureRow> | null> {
  const [row] = await selectRows(
    m,
    storedFigureRow,
    `SELECT value::text AS value, numerator_sum::text AS numerator, denominator_sum::text AS denominator,
            value_count::int AS "valueCount", unit_count::int AS "unitCount"
     FROM indicator_aggregates WHERE (indicator_code, org_unit_id, period) = ($1, $2, $3)`,
    [key.indicator_code, key.org_unit_id, key.period],
  );
  return row ?? null;
}
