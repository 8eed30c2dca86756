import { type RejectionChannel, REJECTION_CHANNELS, type RejectionCode, RejectionCodes } from '@dxhub/contracts';
import {
  type Column,
  column,
  execute,
  returningRows,
  type RowOf,
  rowShape,
  selectRows,
  type SqlExecutor,
} from '@dxhub/persistence';

/*
 * Every statement on the service's rejection log, `rejected_events` (createRejectedEventsTableV1): the consumers'
 * and intakes' INSERT, the retention's DELETE and GET /v1/rejections' page.
 */

/** A text column holding one of `values` (a channel, a reason code: names that are public API, never renamed). */
function textOf<T extends string>(values: readonly T[], expected: string): Column<T> {
  const known = new Set<string>(values);
  return { expected, accepts: (value: unknown): value is T => typeof value === 'string' && known.has(value) };
}

const channelColumn = textOf<RejectionChannel>(REJECTION_CHANNELS, 'rejection channel');
const codeColumn = textOf<RejectionCode>(Object.values(RejectionCodes), 'rejection code');

/** The columns of the refusals one INSERT writes, one array per column, index i being refusal i. */
export interface RejectedEventsInsert {
  channels: string[];
  topics: (string | null)[];
  partitions: (number | null)[];
  offsets: (string | null)[];
  agencies: (string | null)[];
  eventIds: (string | null)[];
  eventSources: (string | null)[];
  eventTypes: (string | null)[];
  codes: string[];
  reasons: (string | null)[];
  /** ISO 8601 times. */
  times: string[];
}

const addedRow = rowShape({
  id: column.text,
  channel: channelColumn,
  topic: column.nullable(column.text),
  agency: column.nullable(column.text),
  eventId: column.nullable(column.text),
  code: codeColumn,
  at: column.timestamp,
});

/** A row the INSERT added: its id, and what a summary for the agency needs. */
export type AddedRejection = RowOf<typeof addedRow>;

/**
 * Inserts the refusals in one statement, in the order given; a Kafka record already logged (its topic, partition
 * and offset) is skipped. Answers the rows it added (in no promised order).
 */
export async function insertRejectedEvents(
  executor: SqlExecutor,
  rows: RejectedEventsInsert,
): Promise<AddedRejection[]> {
  return returningRows(
    executor,
    addedRow,
    `INSERT INTO rejected_events (channel, topic, "partition", "offset", agency, event_id, event_source, event_type,
                                  reason_code, reason, rejected_at)
     SELECT channel, topic, "partition", "offset", agency, event_id, event_source, event_type, reason_code, reason,
            rejected_at
     FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                 $8::text[], $9::text[], $10::text[], $11::timestamptz[]) WITH ORDINALITY
          AS r(channel, topic, "partition", "offset", agency, event_id, event_source, event_type, reason_code,
               reason, rejected_at, n)
     ORDER BY n
     ON CONFLICT (topic, "partition", "offset") DO NOTHING
     RETURNING id::text, channel, topic, agency, event_id AS "eventId", reason_code AS code, rejected_at AS at`,
    [
      rows.channels,
      rows.topics,
      rows.partitions,
      rows.offsets,
      rows.agencies,
      rows.eventIds,
      rows.eventSources,
      rows.eventTypes,
      rows.codes,
      rows.reasons,
      rows.times,
    ],
  );
}

/** Deletes the rows older than `keepDays`; answers how many went. */
export async function deleteRejectedEventsOlderThan(executor: SqlExecutor, keepDays: number): Promise<number> {
  return execute(executor, `DELETE FROM rejected_events WHERE rejected_at < now() - make_interval(days => $1)`, [
    keepDays,
  ]);
}

const pageRow = rowShape({
  id: column.text,
  channel: channelColumn,
  topic: column.nullable(column.text),
  partition: column.nullable(column.number),
  offset: column.nullable(column.text),
  eventId: column.nullable(column.text),
  eventType: column.nullable(column.text),
  reasonCode: codeColumn,
  reason: column.text,
  rejectedAt: column.timestamp,
  /** rejected_at in microseconds since the epoch, exact: the keyset cursor's time. */
  atMicros: column.text,
});

/** A refusal as a page of the rejection log reads it. */
export type RejectedEventRow = RowOf<typeof pageRow>;

/** What a page asks for: one agency, the filters (null: any), after a keyset position, at most `limit` rows. */
export interface RejectedEventsPageQuery {
  agency: string;
  from: string | null;
  to: string | null;
  reasonCode: string | null;
  afterMicros: string | null;
  afterId: string | null;
  limit: number;
}

/** An agency's refusals, newest first (by time, then id), strictly after the keyset position when one is given. */
export async function selectRejectedEventsPage(
  executor: SqlExecutor,
  query: RejectedEventsPageQuery,
): Promise<RejectedEventRow[]> {
  return selectRows(
    executor,
    pageRow,
    `SELECT id::text, channel, topic, "partition", "offset"::text AS "offset", event_id AS "eventId",
            event_type AS "eventType", reason_code AS "reasonCode", reason, rejected_at AS "rejectedAt",
            floor(extract(epoch FROM rejected_at) * 1000000)::bigint::text AS "atMicros"
     FROM rejected_events
     WHERE agency = $1
       AND ($2::timestamptz IS NULL OR rejected_at >= $2)
       AND ($3::timestamptz IS NULL OR rejected_at <= $3)
       AND ($4::text IS NULL OR reason_code = $4)
       AND ($5::bigint IS NULL OR (rejected_at, id) < (timestamptz 'epoch' + $5::bigint * interval '1 microsecond', $6::bigint))
     ORDER BY rejected_at DESC, id DESC
     LIMIT $7`,
    [query.agency, query.from, query.to, query.reasonCode, query.afterMicros, query.afterId, query.limit],
  );
}
