import { EventTypes, type IndicatorAggregateUpdatedV1, serviceSource, ServiceTopics } from '@dxhub/contracts';
import { appendToOutbox, type OutboxMessage } from '@dxhub/persistence';
import type { EntityManager } from 'typeorm';
import { type AcceptedReport, reportKey } from '../intake/report-check';
import { coarserPeriods, requirePeriod, subPeriods } from '@dxhub/periods';
import type { RulesFor } from './aggregation-rules';

const SOURCE = serviceSource('indicators');

interface StoredReport extends AcceptedReport {
  reportId: string;
}

/**
 * Applies a batch of accepted reports in the caller's transaction, with set-based SQL (one statement per
 * step): stores each new report once (its (source, id) is the dedupe key), makes the latest report per
 * cell the current value, moves every ancestor's aggregate by the difference, recomputes the coarser
 * periods that contain the changed ones (month → quarter → half-year → year, by the indicator's rule over
 * time), and writes one `dx.indicator-aggregate.updated` per changed aggregate to the outbox. Returns the keys (reportKey) of
 * the reports it stored; the others were already applied.
 */
export async function applyReports(m: EntityManager, reports: AcceptedReport[], rulesFor: RulesFor): Promise<Set<string>> {
  if (reports.length === 0) return new Set();
  await lockIndicators(m, reports.map((r) => r.indicatorCode));
  const stored = await storeNewReports(m, reports);
  if (stored.length > 0) {
    const touched = await moveValuesAndAggregates(m, latestPerCell(stored));
    await settleReportedPeriods(m, touched, rulesFor);
    const coarser = await rollUpOverTime(m, touched, rulesFor);
    await publishAggregates(m, [...touched, ...coarser]);
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

/** Per (indicator, org unit, period) the report that wins: latest reported_at, then latest arrival. */
function latestPerCell(reports: StoredReport[]): StoredReport[] {
  const winners = new Map<string, StoredReport>();
  for (const r of reports) {
    const cell = `${r.indicatorCode}\u0000${r.orgUnitId}\u0000${r.period}`;
    const held = winners.get(cell);
    if (!held || r.reportedAt > held.reportedAt || (r.reportedAt === held.reportedAt && BigInt(r.reportId) > BigInt(held.reportId))) {
      winners.set(cell, r);
    }
  }
  return [...winners.values()];
}

export interface AggregateKey {
  indicator_code: string;
  org_unit_id: number;
  period: string;
}

/**
 * One statement: the incoming values replace older current values (a late-arriving older report changes
 * nothing), the difference each makes is summed per ancestor through the closure valid at the period's
 * end, and the ancestors' aggregates move by it.
 */
async function moveValuesAndAggregates(m: EntityManager, cells: StoredReport[]): Promise<AggregateKey[]> {
  const col = <K extends keyof StoredReport>(k: K) => cells.map((r) => r[k]);
  return m.query(
    `WITH incoming AS (
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::date[], $5::numeric[], $6::numeric[], $7::numeric[],
                            $8::timestamptz[], $9::bigint[], $10::text[])
         AS i(indicator_code, org_unit_id, period, period_end, value, numerator, denominator, reported_at, report_id, period_type)
     ),
     -- MATERIALIZED: read the current values once, before the upsert below (inlined, the planner
     -- re-reads the incoming rows for every one of them: quadratic in the batch size).
     previous AS MATERIALIZED (
       SELECT v.indicator_code, v.org_unit_id, v.period, v.value, v.numerator, v.denominator
       FROM indicator_values v JOIN incoming USING (indicator_code, org_unit_id, period)
     ),
     changed AS (
       INSERT INTO indicator_values AS cur (indicator_code, org_unit_id, period, period_end, value, numerator, denominator, reported_at, report_id)
       SELECT indicator_code, org_unit_id, period, period_end, value, numerator, denominator, reported_at, report_id FROM incoming
       ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
         SET value = EXCLUDED.value, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator,
             reported_at = EXCLUDED.reported_at, report_id = EXCLUDED.report_id, updated_at = now()
         WHERE (cur.reported_at, cur.report_id) < (EXCLUDED.reported_at, EXCLUDED.report_id)
       RETURNING indicator_code, org_unit_id, period, period_end, value, numerator, denominator
     ),
     deltas AS (
       SELECT c.indicator_code, c.org_unit_id, c.period, c.period_end,
              coalesce(c.value, 0) - coalesce(p.value, 0)             AS d_value,
              CASE WHEN p.indicator_code IS NULL THEN 1 ELSE 0 END     AS d_count,
              coalesce(c.numerator, 0) - coalesce(p.numerator, 0)     AS d_numerator,
              coalesce(c.denominator, 0) - coalesce(p.denominator, 0) AS d_denominator
       FROM changed c LEFT JOIN previous p USING (indicator_code, org_unit_id, period)
     ),
     rolled_up AS (
       SELECT d.indicator_code, cl.ancestor_id AS org_unit_id, d.period,
              sum(d.d_value) AS d_value, sum(d.d_count) AS d_count,
              sum(d.d_numerator) AS d_numerator, sum(d.d_denominator) AS d_denominator
       FROM deltas d
       JOIN org_unit_closure cl ON cl.descendant_id = d.org_unit_id AND cl.validity @> d.period_end
       GROUP BY 1, 2, 3
     )
     INSERT INTO indicator_aggregates AS a (indicator_code, org_unit_id, period, period_type, value_sum, value_count, numerator_sum, denominator_sum)
     SELECT r.indicator_code, r.org_unit_id, r.period, t.period_type, r.d_value, r.d_count, r.d_numerator, r.d_denominator
     FROM rolled_up r JOIN (SELECT DISTINCT period, period_type FROM incoming) t USING (period)
     ORDER BY 1, 2, 3
     ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
       SET value_sum = a.value_sum + EXCLUDED.value_sum,
           value_count = a.value_count + EXCLUDED.value_count,
           numerator_sum = a.numerator_sum + EXCLUDED.numerator_sum,
           denominator_sum = a.denominator_sum + EXCLUDED.denominator_sum,
           version = a.version + 1,
           updated_at = now()
     RETURNING indicator_code, org_unit_id, period`,
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
    ],
  );
}

/**
 * The reported-period aggregates just moved: MIN and MAX are recomputed from the current values (they do
 * not move by differences), then each row's value is set by the rule over org units. Returns the rows
 * whose value changed; `bumpVersion` gives them a new version (for repairs outside the write path).
 */
export async function settleReportedPeriods(
  m: EntityManager,
  touched: AggregateKey[],
  rulesFor: RulesFor,
  options: { bumpVersion?: boolean } = {},
): Promise<AggregateKey[]> {
  if (touched.length === 0) return [];
  const rules = touched.map((k) => rulesFor(k.indicator_code, requirePeriod(k.period).end));
  const extremes = touched.filter((_, i) => rules[i].orgUnit === 'MIN' || rules[i].orgUnit === 'MAX');
  if (extremes.length > 0) {
    await m.query(
      `UPDATE indicator_aggregates a SET value_min = r.min_value, value_max = r.max_value
       FROM (
         SELECT t.indicator_code, t.org_unit_id, t.period, min(v.value) AS min_value, max(v.value) AS max_value
         FROM unnest($1::text[], $2::int[], $3::text[]) AS t(indicator_code, org_unit_id, period)
         JOIN org_unit_closure cl ON cl.ancestor_id = t.org_unit_id
         JOIN indicator_values v ON v.indicator_code = t.indicator_code AND v.period = t.period
                                AND v.org_unit_id = cl.descendant_id AND cl.validity @> v.period_end
         GROUP BY 1, 2, 3
       ) r
       WHERE (a.indicator_code, a.org_unit_id, a.period) = (r.indicator_code, r.org_unit_id, r.period)`,
      keyColumns(extremes),
    );
  }
  // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
  const [changed] = (await m.query(
    `WITH figures AS (
       SELECT a.indicator_code, a.org_unit_id, a.period, CASE t.rule
                WHEN 'SUM'     THEN a.value_sum
                WHEN 'AVERAGE' THEN round(a.value_sum / NULLIF(a.value_count, 0), 10)
                WHEN 'RATIO'   THEN round(a.numerator_sum * t.factor / NULLIF(a.denominator_sum, 0), 10)
                WHEN 'MIN'     THEN a.value_min
                WHEN 'MAX'     THEN a.value_max END AS value
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::numeric[]) AS t(indicator_code, org_unit_id, period, rule, factor)
       JOIN indicator_aggregates a USING (indicator_code, org_unit_id, period)
     )
     UPDATE indicator_aggregates a SET value = f.value, version = a.version + $6::int
     FROM figures f
     WHERE (a.indicator_code, a.org_unit_id, a.period) = (f.indicator_code, f.org_unit_id, f.period)
       AND a.value IS DISTINCT FROM f.value
     RETURNING a.indicator_code, a.org_unit_id, a.period`,
    [...keyColumns(touched), rules.map((r) => r.orgUnit), rules.map((r) => r.factor), options.bumpVersion ? 1 : 0],
  )) as [AggregateKey[], number];
  return changed;
}

interface CoarseKey extends AggregateKey {
  period_type: string;
  period_end: string;
  first: string;
  last: string;
}

/**
 * Recomputes the coarser periods (quarter, half-year, year) containing the touched ones, as DHIS2 does:
 * first over time for each reporting org unit (SUM and RATIO add up, AVERAGE is the mean of the periods
 * reported, MIN and MAX their extremes, LAST the latest period's figure — stock values), then over the
 * org units by the rule over org units (a RATIO as numerators over denominators). Only org units that
 * exist at the end of the coarse period get one. Returns the rows whose figures changed.
 */
export async function rollUpOverTime(m: EntityManager, touched: AggregateKey[], rulesFor: RulesFor): Promise<AggregateKey[]> {
  const wanted = new Map<string, CoarseKey>();
  for (const key of touched) {
    const fine = requirePeriod(key.period);
    for (const coarse of coarserPeriods(fine)) {
      const id = `${key.indicator_code}\u0000${key.org_unit_id}\u0000${coarse.id}`;
      if (wanted.has(id)) continue;
      // Sub-periods of one type compare in calendar order as text, so BETWEEN first AND last selects them.
      const subs = subPeriods(coarse, fine.type);
      wanted.set(id, {
        indicator_code: key.indicator_code,
        org_unit_id: key.org_unit_id,
        period: coarse.id,
        period_type: coarse.type,
        period_end: coarse.end,
        first: subs[0].id,
        last: subs[subs.length - 1].id,
      });
    }
  }
  if (wanted.size === 0) return [];
  const keys = [...wanted.values()];
  const rules = keys.map((k) => rulesFor(k.indicator_code, k.period_end));
  return m.query(
    `WITH wanted AS MATERIALIZED (
       SELECT w.* FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[],
                              $8::text[], $9::text[], $10::numeric[])
         AS w(indicator_code, org_unit_id, period, period_type, period_end, first, last, time_rule, org_rule, factor)
       JOIN org_units o ON o.id = w.org_unit_id AND o.validity @> w.period_end
     ),
     -- One row per reporting unit, carrying its key's rules, so nothing joins back to wanted: planned
     -- against the unnest() rows, that join went quadratic in the batch.
     per_unit AS (
       SELECT w.indicator_code, w.org_unit_id, w.period, w.period_type, w.org_rule, w.factor, count(*) AS reports,
              CASE w.time_rule
                WHEN 'SUM'     THEN sum(v.value)
                WHEN 'AVERAGE' THEN avg(v.value)
                WHEN 'MIN'     THEN min(v.value)
                WHEN 'MAX'     THEN max(v.value)
                WHEN 'LAST'    THEN (array_agg(v.value ORDER BY v.period DESC))[1] END AS value,
              CASE w.time_rule WHEN 'LAST' THEN (array_agg(v.numerator ORDER BY v.period DESC))[1] ELSE sum(v.numerator) END AS numerator,
              CASE w.time_rule WHEN 'LAST' THEN (array_agg(v.denominator ORDER BY v.period DESC))[1] ELSE sum(v.denominator) END AS denominator
       FROM wanted w
       JOIN org_unit_closure cl ON cl.ancestor_id = w.org_unit_id
       JOIN indicator_values v ON v.indicator_code = w.indicator_code AND v.org_unit_id = cl.descendant_id
                              AND cl.validity @> v.period_end AND v.period BETWEEN w.first AND w.last
       GROUP BY w.indicator_code, w.org_unit_id, w.period, w.period_type, w.org_rule, w.factor, w.time_rule, v.org_unit_id
     ),
     figures AS (
       SELECT u.indicator_code, u.org_unit_id, u.period, u.period_type,
              coalesce(sum(u.value), 0) AS value_sum, sum(u.reports) AS value_count,
              coalesce(sum(u.numerator), 0) AS numerator_sum, coalesce(sum(u.denominator), 0) AS denominator_sum,
              min(u.value) AS value_min, max(u.value) AS value_max,
              CASE u.org_rule
                WHEN 'SUM'     THEN sum(u.value)
                WHEN 'AVERAGE' THEN round(avg(u.value), 10)
                WHEN 'RATIO'   THEN round(sum(u.numerator) * u.factor / NULLIF(sum(u.denominator), 0), 10)
                WHEN 'MIN'     THEN min(u.value)
                WHEN 'MAX'     THEN max(u.value) END AS value
       FROM per_unit u
       GROUP BY u.indicator_code, u.org_unit_id, u.period, u.period_type, u.org_rule, u.factor
     )
     INSERT INTO indicator_aggregates AS a (indicator_code, org_unit_id, period, period_type, value_sum, value_count,
                                            numerator_sum, denominator_sum, value_min, value_max, value)
     SELECT * FROM figures ORDER BY 1, 2, 3
     ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
       SET value_sum = EXCLUDED.value_sum, value_count = EXCLUDED.value_count, numerator_sum = EXCLUDED.numerator_sum,
           denominator_sum = EXCLUDED.denominator_sum, value_min = EXCLUDED.value_min, value_max = EXCLUDED.value_max,
           value = EXCLUDED.value, version = a.version + 1, updated_at = now()
       WHERE (a.value_sum, a.value_count, a.numerator_sum, a.denominator_sum, a.value_min, a.value_max, a.value)
             IS DISTINCT FROM
             (EXCLUDED.value_sum, EXCLUDED.value_count, EXCLUDED.numerator_sum, EXCLUDED.denominator_sum,
              EXCLUDED.value_min, EXCLUDED.value_max, EXCLUDED.value)
     RETURNING indicator_code, org_unit_id, period`,
    [
      ...keyColumns(keys),
      keys.map((k) => k.period_type),
      keys.map((k) => k.period_end),
      keys.map((k) => k.first),
      keys.map((k) => k.last),
      rules.map((r) => r.time),
      rules.map((r) => r.orgUnit),
      rules.map((r) => r.factor),
    ],
  );
}

export async function publishAggregates(m: EntityManager, touched: AggregateKey[]): Promise<void> {
  if (touched.length === 0) return;
  const rows: Record<string, string | number | null>[] = await m.query(
    `SELECT a.indicator_code, a.org_unit_id, o.code AS org_unit_code, o.name_vi AS org_unit_name, a.period,
            i.org_unit_aggregation AS aggregation, a.value::text AS value,
            a.numerator_sum::text AS numerator, a.denominator_sum::text AS denominator,
            a.value_count::int AS value_count, a.version::int AS version, a.updated_at
     FROM unnest($1::text[], $2::int[], $3::text[]) AS t(indicator_code, org_unit_id, period)
     JOIN indicator_aggregates a USING (indicator_code, org_unit_id, period)
     JOIN indicators i ON i.code = a.indicator_code
     JOIN org_units o ON o.id = a.org_unit_id`,
    keyColumns(touched),
  );
  const messages: OutboxMessage[] = rows.map((r) => {
    const ratio = r.aggregation === 'RATIO';
    const payload: IndicatorAggregateUpdatedV1 = {
      indicatorCode: String(r.indicator_code),
      orgUnitCode: String(r.org_unit_code),
      orgUnitName: String(r.org_unit_name),
      period: String(r.period),
      aggregation: r.aggregation as IndicatorAggregateUpdatedV1['aggregation'],
      value: r.value === null ? null : Number(r.value),
      ...(ratio ? { numerator: Number(r.numerator), denominator: Number(r.denominator) } : {}),
      valueCount: Number(r.value_count),
      version: Number(r.version),
      updatedAt: new Date(r.updated_at as string).toISOString(),
    };
    return {
      topic: ServiceTopics.INDICATORS_EVENTS,
      key: payload.indicatorCode,
      id: `aggregate:${payload.indicatorCode}:${r.org_unit_id}:${payload.period}:v${payload.version}`,
      type: EventTypes.INDICATOR_AGGREGATE_UPDATED,
      source: SOURCE,
      subject: `${payload.indicatorCode}/${payload.orgUnitCode}/${payload.period}`,
      time: payload.updatedAt,
      payload,
    };
  });
  await appendToOutbox(m, messages);
}

function keyColumns(keys: AggregateKey[]): [string[], number[], string[]] {
  return [keys.map((k) => k.indicator_code), keys.map((k) => k.org_unit_id), keys.map((k) => k.period)];
}
