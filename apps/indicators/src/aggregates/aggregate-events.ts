import { EventTypes, serviceSource, ServiceTopics } from '@dxhub/contracts';
import type { EntityManager } from 'typeorm';
import { queueTargetEvaluationOf } from '../targets/target-evaluation';
import type { AggregateRow } from './aggregate-moves';

export type AggregateEventType =
  | typeof EventTypes.INDICATOR_AGGREGATE_UPDATED
  | typeof EventTypes.INDICATOR_AGGREGATE_APPROVED;

/*
 * The `dx.indicator-aggregate.updated` / `.approved` events are built by PostgreSQL, in the statement that
 * moves the aggregates: the intake's moved rows (three or four per report) never travel to the service and
 * back as parameters. Rows the service holds (approved figures, settled extremes) take the same SQL.
 */

/**
 * The columns of a row set the builders read: AggregateRow's, with `updated_at` also as ISO 8601 text
 * (`updated_iso`, isoTime): the intake's rows share one time, formatted once.
 */
const ROW_COLUMNS = `indicator_code, org_unit_id, period, org_unit_code, org_unit_name, aggregation, value, numerator,
  denominator, value_count, version, updated_at, updated_iso`;

/** A constant of the code as an SQL literal. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** ISO 8601 in UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
export function isoTime(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** One fan-out event (FanOutEvent) of the row `r`: its payload is IndicatorAggregateUpdatedV1. */
function eventJson(r: string, idPrefix: string): string {
  const common = `'indicatorCode', ${r}.indicator_code, 'orgUnitCode', ${r}.org_unit_code, 'orgUnitName', ${r}.org_unit_name,
      'period', ${r}.period, 'aggregation', ${r}.aggregation, 'value', ${r}.value`;
  const tail = `'valueCount', ${r}.value_count, 'version', ${r}.version, 'updatedAt', ${r}.updated_iso`;
  return `json_build_object(
    'key', ${r}.indicator_code,
    'id', ${literal(`${idPrefix}:`)} || ${r}.indicator_code || ':' || ${r}.org_unit_id || ':' || ${r}.period || ':v' || ${r}.version,
    'subject', ${r}.indicator_code || '/' || ${r}.org_unit_code || '/' || ${r}.period,
    'time', ${r}.updated_iso,
    'payload', CASE WHEN ${r}.aggregation = 'RATIO'
      THEN json_build_object(${common}, 'numerator', ${r}.numerator, 'denominator', ${r}.denominator, ${tail})
      ELSE json_build_object(${common}, ${tail}) END)`;
}

/**
 * An INSERT of one outbox fan-out row (appendFanOutToOutbox's shape) holding an event of `type` for
 * each row of `rows` (a CTE with AggregateRow's columns), in key order; nothing when `rows` is empty.
 */
export function outboxAggregateEvents(rows: string, type: AggregateEventType): string {
  const idPrefix = type === EventTypes.INDICATOR_AGGREGATE_UPDATED ? 'aggregate' : 'approved-aggregate';
  return `INSERT INTO outbox (topic, message_key, event_id, event_type, event_source, event_subject, event_time, payload, fan_out)
     SELECT ${literal(ServiceTopics.INDICATORS_EVENTS)}, NULL, 'fan-out:' || gen_random_uuid(), ${literal(type)},
            ${literal(serviceSource('indicators'))}, NULL, max(r.updated_at),
            json_agg(${eventJson('r', idPrefix)} ORDER BY r.indicator_code, r.org_unit_id, r.period), true
     FROM ${rows} r
     HAVING count(*) > 0`;
}

/**
 * The CTEs that publish the rows of `rows` as `dx.indicator-aggregate.updated` events and queue them for
 * their judgement against the target path (targets/target-evaluation.ts), for a WITH list.
 */
export function publishUpdatedAggregatesOf(rows: string): string {
  return `published_${rows} AS (${outboxAggregateEvents(rows, EventTypes.INDICATOR_AGGREGATE_UPDATED)}),
     judged_${rows} AS (${queueTargetEvaluationOf(rows)})`;
}

/**
 * Writes an event of `type` for each aggregate row to the outbox, as one fan-out row; updated figures are
 * also queued for their judgement against the target path.
 */
export async function publishAggregates(
  m: EntityManager,
  rows: AggregateRow[],
  type: AggregateEventType = EventTypes.INDICATOR_AGGREGATE_UPDATED,
): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof AggregateRow>(k: K) => rows.map((r) => r[k]);
  await m.query(
    `WITH given AS (
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[],
                            $8::numeric[], $9::numeric[], $10::int[], $11::int[], $12::timestamptz[], $13::text[])
         AS r(${ROW_COLUMNS})
     ),
     ${type === EventTypes.INDICATOR_AGGREGATE_UPDATED ? publishUpdatedAggregatesOf('given') : `published AS (${outboxAggregateEvents('given', type)})`}
     SELECT 1`,
    [
      column('indicator_code'),
      column('org_unit_id'),
      column('period'),
      column('org_unit_code'),
      column('org_unit_name'),
      column('aggregation'),
      column('value'),
      column('numerator'),
      column('denominator'),
      column('value_count'),
      column('version'),
      column('updated_at'),
      rows.map((r) => new Date(r.updated_at).toISOString()),
    ],
  );
}
