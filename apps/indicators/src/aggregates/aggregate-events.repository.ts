import { EventTypes, MAX_AGGREGATES_PER_EVENT, serviceSource, ServiceTopics } from '@dxhub/contracts';
import { execute, returningRows, type SqlExecutor } from '@dxhub/persistence';
import type { AggregateKey } from './aggregate-key';
import { aggregateKeyRow, type AggregateRow } from './aggregate-row';

/** All-values figures (published together per indicator) or approved-only ones (one event each). */
export type AggregateEventType =
  typeof EventTypes.INDICATOR_AGGREGATES_UPDATED | typeof EventTypes.INDICATOR_AGGREGATE_APPROVED;

/*
 * The `dx.indicator-aggregates.updated` / `dx.indicator-aggregate.approved` events are built by PostgreSQL, in
 * the statement that moves the aggregates: the intake's moved rows (three or four per report) never travel to
 * the service and back as parameters. Rows the service holds (approved figures, settled extremes) take the
 * same SQL.
 */

/**
 * The columns of a row set the builders read: AggregateRow's, with `updated_at` also as ISO 8601 text
 * (`updated_iso`, @dxhub/persistence's isoTime): the intake's rows share one time, formatted once.
 */
const ROW_COLUMNS = `indicator_code, org_unit_id, period, org_unit_code, org_unit_name, aggregation, value, numerator,
  denominator, value_count, version, updated_at, updated_iso`;

/** A constant of the code as an SQL literal. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The id of the change of the aggregate in row `r`: the same for its every publication. */
function changeId(r: string, idPrefix: string): string {
  return `${literal(`${idPrefix}:`)} || ${r}.indicator_code || ':' || ${r}.org_unit_id || ':' || ${r}.period || ':v' || ${r}.version`;
}

/** IndicatorAggregateUpdatedV1 of the row `r` as json, after the fields `leading` (`'name', expression, `). */
function aggregateJson(r: string, leading = ''): string {
  const common = `${leading}'indicatorCode', ${r}.indicator_code, 'orgUnitCode', ${r}.org_unit_code,
      'orgUnitName', ${r}.org_unit_name, 'period', ${r}.period, 'aggregation', ${r}.aggregation, 'value', ${r}.value`;
  const tail = `'valueCount', ${r}.value_count, 'version', ${r}.version, 'updatedAt', ${r}.updated_iso`;
  return `CASE WHEN ${r}.aggregation = 'RATIO'
      THEN json_build_object(${common}, 'numerator', ${r}.numerator, 'denominator', ${r}.denominator, ${tail})
      ELSE json_build_object(${common}, ${tail}) END`;
}

/** The fan-out events (FanOutEvent) of the rows of `rows`, one per row: `dx.indicator-aggregate.approved`. */
function eventPerAggregate(rows: string): string {
  const idPrefix = 'approved-aggregate';
  return `SELECT r.updated_at AS event_time, r.indicator_code AS sort_key, r.org_unit_id AS sort_unit, r.period AS sort_period,
            json_build_object('key', r.indicator_code, 'id', ${changeId('r', idPrefix)},
                              'subject', r.indicator_code || '/' || r.org_unit_code || '/' || r.period,
                              'time', r.updated_iso, 'payload', ${aggregateJson('r')}) AS event
     FROM ${rows} r`;
}

/**
 * The fan-out events of the rows of `rows` as `dx.indicator-aggregates.updated`: per indicator, up to
 * MAX_AGGREGATES_PER_EVENT changes per event, each change with its own id.
 */
function eventPerIndicator(rows: string): string {
  return `SELECT max(c.updated_at) AS event_time, c.indicator_code AS sort_key, c.chunk AS sort_unit, '' AS sort_period,
            json_build_object('key', c.indicator_code, 'id', 'aggregates:' || c.indicator_code || ':' || gen_random_uuid(),
                              'subject', c.indicator_code, 'time', max(c.updated_iso),
                              'payload', json_build_object('indicatorCode', c.indicator_code,
                                 'aggregates', json_agg(${aggregateJson('c', `'id', ${changeId('c', 'aggregate')}, `)}
                                                        ORDER BY c.org_unit_id, c.period))) AS event
     FROM (SELECT r.*, (row_number() OVER (PARTITION BY r.indicator_code ORDER BY r.org_unit_id, r.period) - 1)
                       / ${MAX_AGGREGATES_PER_EVENT} AS chunk
           FROM ${rows} r) c
     GROUP BY c.indicator_code, c.chunk`;
}

/**
 * An INSERT of one outbox fan-out row (appendFanOutToOutbox's shape) holding the events of `type` for the
 * rows of `rows` (a CTE with ROW_COLUMNS), in key order; nothing when `rows` is empty.
 */
export function outboxAggregateEvents(rows: string, type: AggregateEventType): string {
  const events = type === EventTypes.INDICATOR_AGGREGATES_UPDATED ? eventPerIndicator(rows) : eventPerAggregate(rows);
  return `INSERT INTO outbox (topic, message_key, event_id, event_type, event_source, event_subject, event_time, payload, fan_out)
     SELECT ${literal(ServiceTopics.INDICATORS_EVENTS)}, NULL, 'fan-out:' || gen_random_uuid(), ${literal(type)},
            ${literal(serviceSource('indicators'))}, NULL, max(e.event_time),
            json_agg(e.event ORDER BY e.sort_key, e.sort_unit, e.sort_period), true
     FROM (${events}) e
     HAVING count(*) > 0`;
}

/**
 * An INSERT that queues the aggregates of `rows` (a CTE with their keys) for their judgement against the target
 * path (target_evaluation_queue), in the writer's statement: one narrow insert, so intake does not wait for the
 * judgement. TargetJobs take them (takeQueuedForJudgement) and judge them from the committed aggregates shortly
 * after; a key queued again before that is judged once, and a key queued while a judge takes it is judged again.
 * Only what evaluateTargets would look at is queued:
 * aggregates of an indicator with targets in some version of its definition, and those with a standing to revise.
 * The queue is the aggregates' feed of changes to targets/, so it lives here: targets/ reads aggregates, never
 * the other way round.
 */
export function queueTargetEvaluationOf(rows: string): string {
  return `INSERT INTO target_evaluation_queue (indicator_code, org_unit_id, period)
     SELECT DISTINCT r.indicator_code, r.org_unit_id, r.period FROM ${rows} r
     WHERE r.indicator_code IN (SELECT v.code FROM indicator_versions v
                                WHERE jsonb_typeof(v.definition->'targets') = 'array' AND v.definition->'targets' <> '[]')
        OR EXISTS (SELECT 1 FROM aggregate_targets s
                   WHERE (s.indicator_code, s.org_unit_id, s.period) = (r.indicator_code, r.org_unit_id, r.period))
     ORDER BY 1, 2, 3
     -- Not DO NOTHING: a judge that takes the key meanwhile must wait for this transaction (the update locks the
     -- queued row), then read the aggregate this transaction wrote. DO NOTHING locks nothing: the judge could take the
     -- key, read the aggregate before this commit, and the new version would never be judged.
     ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE SET indicator_code = EXCLUDED.indicator_code`;
}

/**
 * An INSERT that queues the distinct (indicator, period) pairs of the cells of `cells` (a CTE with their
 * indicator_code and period) for the recount of the obligation periods they touch (obligation_progress_queue;
 * obligations/' ObligationProgressJob takes them). The intake's statement passes the cells that get their first
 * value: the only reports that change an obligation's counts (a cell is received, and on time or not, by its first
 * report). One narrow insert of a few rows per intake batch. The queue is the aggregates' feed to obligations/, so it
 * lives here: obligations/ never imports aggregates/.
 */
export function queueObligationProgressOf(cells: string): string {
  return `INSERT INTO obligation_progress_queue (indicator_code, period)
     SELECT DISTINCT c.indicator_code, c.period FROM ${cells} c`;
}

/**
 * The CTEs that publish the rows of `rows` as `dx.indicator-aggregates.updated` events and queue them for
 * their judgement against the target path (queueTargetEvaluationOf), for a WITH list.
 */
export function publishUpdatedAggregatesOf(rows: string): string {
  return `published_${rows} AS (${outboxAggregateEvents(rows, EventTypes.INDICATOR_AGGREGATES_UPDATED)}),
     judged_${rows} AS (${queueTargetEvaluationOf(rows)})`;
}

/**
 * Writes an event of `type` for each aggregate row to the outbox, as one fan-out row; updated figures are
 * also queued for their judgement against the target path.
 */
export async function publishAggregates(
  m: SqlExecutor,
  rows: AggregateRow[],
  type: AggregateEventType = EventTypes.INDICATOR_AGGREGATES_UPDATED,
): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof AggregateRow>(k: K) => rows.map((r) => r[k]);
  await execute(
    m,
    `WITH given AS (
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[],
                            $8::numeric[], $9::numeric[], $10::int[], $11::int[], $12::timestamptz[], $13::text[])
         AS r(${ROW_COLUMNS})
     ),
     ${type === EventTypes.INDICATOR_AGGREGATES_UPDATED ? publishUpdatedAggregatesOf('given') : `published AS (${outboxAggregateEvents('given', type)})`}
     SELECT 1`,
    [
      col('indicator_code'),
      col('org_unit_id'),
      col('period'),
      col('org_unit_code'),
      col('org_unit_name'),
      col('aggregation'),
      col('value'),
      col('numerator'),
      col('denominator'),
      col('value_count'),
      col('version'),
      col('updated_at'),
      rows.map((r) => new Date(r.updated_at).toISOString()),
    ],
  );
}

/** Takes up to `limit` aggregates off the judgement queue (target_evaluation_queue), in the caller's transaction. */
export function takeQueuedForJudgement(m: SqlExecutor, limit: number): Promise<AggregateKey[]> {
  return returningRows(
    m,
    aggregateKeyRow,
    // SKIP LOCKED: a key a writer is queueing again right now stays for the next pass, after the writer's commit.
    `DELETE FROM target_evaluation_queue
     WHERE (indicator_code, org_unit_id, period) IN (
       SELECT indicator_code, org_unit_id, period FROM target_evaluation_queue LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING indicator_code, org_unit_id, period`,
    [limit],
  );
}
