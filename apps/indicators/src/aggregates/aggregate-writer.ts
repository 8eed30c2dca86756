import type { EntityManager } from 'typeorm';
import type { IntakeApproval } from '../approval/approving-agencies.service';
import { putReplacedValuesToApproval } from '../approval/replaced-values';
import { type AcceptedReport, reportKey } from '../intake/report-check';
import { requirePeriod } from '@dxhub/periods';
import { type AggregateKey, keyColumns } from './aggregate-key';
import { type AggregateRow, figure, moveAggregatesBy, settleExtremes } from './aggregate-moves';
import type { RulesFor } from './aggregation-rules';
import { publishAggregates } from './aggregate-events';
import { rollUpOverTime } from './unit-rollups';

interface StoredReport extends AcceptedReport {
  reportId: string;
}

/**
 * Applies a batch of accepted reports in the caller's transaction, with set-based SQL (one statement per
 * step): stores each new report once (its (source, id) is the dedupe key), makes the latest report per
 * cell the current value, moves every ancestor's aggregate by the difference, moves the coarser periods
 * that contain the changed ones by the change in each unit's figure over time (see unit-rollups.ts), and
 * publishes every changed aggregate (`dx.indicator-aggregates.updated`, through the outbox). Returns the keys
 * (reportKey) of the reports it stored; the others were already applied.
 */
export async function applyReports(
  m: EntityManager,
  reports: AcceptedReport[],
  rulesFor: RulesFor,
  approval: IntakeApproval,
): Promise<Set<string>> {
  if (reports.length === 0) return new Set();
  await lockIndicators(
    m,
    reports.map((r) => r.indicatorCode),
  );
  const stored = await storeNewReports(m, reports);
  if (stored.length > 0) {
    const cells = latestPerCell(stored);
    await putReplacedValuesToApproval(m, cells, approval); // before the upsert: it compares with the current values
    // Both statements publish what they move, except MIN and MAX figures: those are settled first.
    const reportedExtremes = await moveValuesAndAggregates(m, cells, rulesFor);
    const coarserExtremes = await rollUpOverTime(m, cells.map(cellKey), rulesFor);
    await publishAggregates(m, [
      ...(await settleExtremes(m, reportedExtremes, 'reported')).rows,
      ...(await settleExtremes(m, coarserExtremes, 'coarser')).rows,
    ]);
  }
  return new Set(stored.map(reportKey));
}

/**
 * One writer per indicator at a time, whichever topic or replica the reports came through; taken in
 * code order so two batches never wait on each other in a cycle.
 */
export async function lockIndicators(m: EntityManager, indicatorCodes: string[]): Promise<void> {
  const codes = [...new Set(indicatorCodes)].sort();
  await m.query(
    `SELECT pg_advisory_xact_lock(hashtextextended('dxhub:indicator:' || code, 0))
     FROM (SELECT unnest($1::text[]) AS code ORDER BY 1) AS ordered`,
    [codes],
  );
}

async function storeNewReports(m: EntityManager, reports: AcceptedReport[]): Promise<StoredReport[]> {
  const col = <K extends keyof AcceptedReport>(k: K) => reports.map((r) => r[k]);
  const rows: { id: string; event_source: string; event_id: string }[] = await m.query(
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
  const ids = new Map(rows.map((r) => [reportKey({ eventSource: r.event_source, eventId: r.event_id }), r.id]));
  const stored: StoredReport[] = [];
  for (const report of reports) {
    const key = reportKey(report);
    const reportId = ids.get(key);
    if (reportId === undefined) continue;
    ids.delete(key); // the same event twice in one batch counts once
    stored.push({ ...report, reportId });
  }
  return stored;
}

function cellKey(r: StoredReport): AggregateKey {
  return { indicator_code: r.indicatorCode, org_unit_id: r.orgUnitId, period: r.period };
}

/** Per (indicator, org unit, period) the report that wins: latest reported_at, then latest arrival. */
function latestPerCell(reports: StoredReport[]): StoredReport[] {
  const winners = new Map<string, StoredReport>();
  for (const r of reports) {
    const cell = `${r.indicatorCode}\u0000${r.orgUnitId}\u0000${r.period}`;
    const held = winners.get(cell);
    if (
      !held ||
      r.reportedAt > held.reportedAt ||
      (r.reportedAt === held.reportedAt && BigInt(r.reportId) > BigInt(held.reportId))
    ) {
      winners.set(cell, r);
    }
  }
  return [...winners.values()];
}

/**
 * One statement: the incoming values replace older current values (a late-arriving older report changes
 * nothing), the difference each makes is summed per ancestor through the closure valid at the period's
 * end, and the ancestors' aggregates move by it. Reading the current values and then writing is safe:
 * the caller holds the indicators' locks.
 */
async function moveValuesAndAggregates(
  m: EntityManager,
  cells: StoredReport[],
  rulesFor: RulesFor,
): Promise<AggregateRow[]> {
  const col = <K extends keyof StoredReport>(k: K) => cells.map((r) => r[k]);
  const rules = cells.map((r) => rulesFor(r.indicatorCode, r.periodEnd));
  return m.query(
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
      cells.map((r) => requirePeriod(r.period).type),
      rules.map((r) => r.orgUnit),
      rules.map((r) => r.factor),
    ],
  );
}

/**
 * Sets the figures of stored aggregates from their sums under the rules in force — for repairs and new
 * formula versions, outside the write path (which sets them as it moves the sums). Returns the rows whose
 * figure changed; `bumpVersion` gives them a new version.
 */
export async function settleAggregates(
  m: EntityManager,
  keys: AggregateKey[],
  rulesFor: RulesFor,
  source: 'reported' | 'coarser',
  options: { bumpVersion?: boolean } = {},
): Promise<AggregateKey[]> {
  if (keys.length === 0) return [];
  const rules = keys.map((k) => rulesFor(k.indicator_code, requirePeriod(k.period).end));
  const extremes = keys
    .map((k, i) => ({ ...k, aggregation: rules[i].orgUnit, value: null, version: 0 }))
    .filter((k) => k.aggregation === 'MIN' || k.aggregation === 'MAX');
  const { changed: changedExtremes } = await settleExtremes(m, extremes, source, options);
  // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
  const [changed] = (await m.query(
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
    [...keyColumns(keys), rules.map((r) => r.orgUnit), rules.map((r) => r.factor), options.bumpVersion ? 1 : 0],
  )) as [AggregateKey[], number];
  return [
    ...changed,
    ...changedExtremes.map(({ indicator_code, org_unit_id, period }) => ({ indicator_code, org_unit_id, period })),
  ];
}

/** Publishes the stored aggregates of the keys (`dx.indicator-aggregates.updated`, through the outbox). */
export async function publishAggregatesByKey(m: EntityManager, keys: AggregateKey[]): Promise<void> {
  if (keys.length === 0) return;
  await publishAggregates(m, await aggregateRows(m, keys));
}

/** The aggregates of the keys as they stand in the caller's transaction (those that exist). */
export function aggregateRows(m: EntityManager, keys: AggregateKey[]): Promise<AggregateRow[]> {
  return m.query(
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
