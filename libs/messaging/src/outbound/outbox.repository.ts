import { column, execute, type RowOf, rowShape, selectOne, selectRows, type SqlExecutor } from '@dxhub/persistence';

/*
 * Every statement on the service's `outbox` table (created by createOutboxTableV1 and its later versions): the
 * writers' INSERTs, which run in the caller's transaction, and the relay's claim, read and mark. The intake's hot
 * path goes through here: each function is one statement, set-based over arrays, whatever the number of events.
 */

/** The columns of the outbox rows one INSERT writes, one array per column, index i being row i. */
export interface OutboxInsert {
  topics: string[];
  keys: (string | null)[];
  ids: string[];
  types: string[];
  sources: string[];
  subjects: (string | null)[];
  /** RFC 3339 times. */
  times: string[];
  /** Each payload's JSON text. */
  payloads: string[];
}

/** Inserts the rows in one statement; an event id already in the outbox is skipped. */
export async function insertOutboxRows(tx: SqlExecutor, rows: OutboxInsert): Promise<void> {
  await execute(
    tx,
    `INSERT INTO outbox (topic, message_key, event_id, event_type, event_source, event_subject, event_time, payload)
     SELECT t, k, i, ty, s, sub, tm::timestamptz, p::json
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
          AS m(t, k, i, ty, s, sub, tm, p)
     ON CONFLICT (event_id) DO NOTHING`,
    [rows.topics, rows.keys, rows.ids, rows.types, rows.sources, rows.subjects, rows.times, rows.payloads],
  );
}

/** One fan-out row (addOutboxFanOutV2): `payload` is the JSON array of its events. */
export interface FanOutInsert {
  topic: string;
  /** The row's own id (`fan-out:<uuid>`); its events carry theirs. */
  id: string;
  type: string;
  source: string;
  /** The time of its last event. */
  time: string;
  payload: string;
}

export async function insertFanOutRow(tx: SqlExecutor, row: FanOutInsert): Promise<void> {
  await execute(
    tx,
    `INSERT INTO outbox (topic, message_key, event_id, event_type, event_source, event_subject, event_time, payload, fan_out)
     VALUES ($1, NULL, $2, $3, $4, NULL, $5::timestamptz, $6::json, true)`,
    [row.topic, row.id, row.type, row.source, row.time, row.payload],
  );
}

const claimedRow = rowShape({ id: column.text, events: column.number });

/** An unpublished row the relay locked, with the number of events it holds (1, or a fan-out row's count). */
export type ClaimedOutboxRow = RowOf<typeof claimedRow>;

/**
 * Locks up to `batchSize` unpublished rows in id order, skipping rows another replica holds (FOR UPDATE SKIP
 * LOCKED), in the caller's transaction. Answers their ids and event counts only: a backlog of large fan-out rows is
 * not read into memory round after round when a round publishes one or two of them.
 */
export async function claimUnpublished(
  tx: SqlExecutor,
  batchSize: number,
  hasFanOut: boolean,
): Promise<ClaimedOutboxRow[]> {
  return selectRows(
    tx,
    claimedRow,
    `SELECT id, ${hasFanOut ? `CASE WHEN fan_out THEN json_array_length(payload::json) ELSE 1 END` : '1'}::int AS events
     FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [batchSize],
  );
}

const outboxRow = rowShape({
  id: column.text,
  topic: column.text,
  message_key: column.nullable(column.text),
  event_id: column.text,
  event_type: column.text,
  event_source: column.text,
  event_subject: column.nullable(column.text),
  event_time: column.timestamp,
  /** An event's payload, or a fan-out row's array of events. */
  payload: column.json,
  /** A fan-out row (appendFanOutToOutbox). Absent where the outbox predates them. */
  fan_out: column.optional(column.boolean),
  /** The trace context of the transaction that wrote the row (addOutboxTraceContextV4); absent where the outbox predates it. */
  traceparent: column.optional(column.nullable(column.text)),
  tracestate: column.optional(column.nullable(column.text)),
});

/** An outbox row as the relay publishes it. */
export type OutboxRow = RowOf<typeof outboxRow>;

/** The rows of `ids`, in id order. `SELECT *`: fan_out and the trace columns exist only where the outbox has them. */
export async function readOutboxRows(tx: SqlExecutor, ids: string[]): Promise<OutboxRow[]> {
  return selectRows(tx, outboxRow, `SELECT * FROM outbox WHERE id = ANY($1::bigint[]) ORDER BY id`, [ids]);
}

export async function markPublished(tx: SqlExecutor, ids: string[]): Promise<void> {
  await execute(tx, 'UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [ids]);
}

const presentRow = rowShape({ present: column.boolean });

/** Whether the service's outbox has the fan_out column (addOutboxFanOutV2). */
export async function outboxHasFanOut(db: SqlExecutor): Promise<boolean> {
  const { present } = await selectOne(
    db,
    presentRow,
    `SELECT EXISTS (SELECT 1 FROM pg_attribute
                    WHERE attrelid = 'outbox'::regclass AND attname = 'fan_out' AND NOT attisdropped) AS present`,
  );
  return present;
}

const backlogRow = rowShape({ count: column.number, age: column.number });

/** Unpublished rows, and the age in seconds of the oldest (0 when none waits). */
export async function outboxBacklog(db: SqlExecutor): Promise<RowOf<typeof backlogRow>> {
  return selectOne(
    db,
    backlogRow,
    `SELECT count(*)::int AS count, COALESCE(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
     FROM outbox WHERE published_at IS NULL`,
  );
}

/** Deletes published rows older than `hours`. */
export async function deletePublishedOlderThan(db: SqlExecutor, hours: number): Promise<void> {
  await execute(db, `DELETE FROM outbox WHERE published_at < now() - make_interval(hours => $1)`, [hours]);
}
