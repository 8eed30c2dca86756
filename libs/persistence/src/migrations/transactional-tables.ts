import type { QueryRunner } from 'typeorm';
import { TraceContextSettings } from '../trace-context-recorder';

/*
 * DDL of the tables every service has for reliable messaging. Migrations call these, and migrations
 * must never change once they land: so these are frozen. A change is a new V2 function and a new migration.
 */

/** The outbox: events written in the same transaction as the state change that caused them. */
export async function createOutboxTableV1(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`
    CREATE TABLE "${schema}".outbox (
      id            bigserial PRIMARY KEY,
      topic         text        NOT NULL,
      message_key   text        NULL,
      event_id      text        NOT NULL UNIQUE,
      event_type    text        NOT NULL,
      event_source  text        NOT NULL,
      event_subject text        NULL,
      event_time    timestamptz NOT NULL,
      payload       jsonb       NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      published_at  timestamptz NULL
    )`);
  await runner.query(`CREATE INDEX outbox_unpublished_idx ON "${schema}".outbox (id) WHERE published_at IS NULL`);
}

/**
 * Fan-out rows: one outbox row may carry many events of one type, source and topic (its payload is then
 * their array, see appendFanOutToOutbox), so a transaction that changes thousands of things writes one
 * row instead of thousands. The relay publishes each event of the row as its own Kafka message.
 */
export async function addOutboxFanOutV2(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`ALTER TABLE "${schema}".outbox ADD COLUMN fan_out boolean NOT NULL DEFAULT false`);
}

export async function dropOutboxFanOutV2(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`ALTER TABLE "${schema}".outbox DROP COLUMN fan_out`);
}

/**
 * The payload as json: kept as written and stored uncompressed. A fan-out row of thousands of events is
 * written once and read once, whole, within seconds; jsonb's parsing, re-serialising and compressing of it
 * cost more than anything it offers such a row.
 */
export async function outboxPayloadAsJsonV3(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`ALTER TABLE "${schema}".outbox ALTER COLUMN payload TYPE json USING payload::json`);
  await runner.query(`ALTER TABLE "${schema}".outbox ALTER COLUMN payload SET STORAGE EXTERNAL`);
}

export async function outboxPayloadAsJsonbV3(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`ALTER TABLE "${schema}".outbox ALTER COLUMN payload SET STORAGE EXTENDED`);
  await runner.query(`ALTER TABLE "${schema}".outbox ALTER COLUMN payload TYPE jsonb USING payload::jsonb`);
}

export async function dropOutboxTableV1(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`DROP TABLE "${schema}".outbox`);
}

/** The inbox: ids of events already applied, written in the same transaction as their effects. */
export async function createInboxTableV1(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`
    CREATE TABLE "${schema}".processed_events (
      event_source text        NOT NULL,
      event_id     text        NOT NULL,
      topic        text        NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (event_source, event_id)
    )`);
}

export async function dropInboxTableV1(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`DROP TABLE "${schema}".processed_events`);
}

/**
 * The rejection log: every event the service refused, from Kafka (dead-lettered: its place in the log is its
 * identity, so a redelivered record is logged once) or from its REST and spreadsheet intake, with a stable
 * reason code and the message. Agencies read their own refusals from it.
 */
export async function createRejectedEventsTableV1(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`
    CREATE TABLE "${schema}".rejected_events (
      id            bigserial   PRIMARY KEY,
      channel       text        NOT NULL,
      topic         text        NULL,
      "partition"   integer     NULL,
      "offset"      bigint      NULL,
      agency        text        NULL,
      event_id      text        NULL,
      event_source  text        NULL,
      event_type    text        NULL,
      reason_code   text        NOT NULL,
      reason        text        NOT NULL,
      rejected_at   timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT rejected_events_record_once UNIQUE (topic, "partition", "offset")
    )`);
  await runner.query(
    `CREATE INDEX rejected_events_agency_idx ON "${schema}".rejected_events (agency, rejected_at DESC, id DESC)`,
  );
  await runner.query(
    `CREATE INDEX rejected_events_time_idx ON "${schema}".rejected_events (rejected_at DESC, id DESC)`,
  );
}

export async function dropRejectedEventsTableV1(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`DROP TABLE "${schema}".rejected_events`);
}

/**
 * The trace context of the transaction that wrote each outbox row (W3C `traceparent`, and `tracestate` when
 * there is one), so the relay publishes the row's events in the trace that caused them. The values default to
 * what the transaction recorded at its start (TraceContextRecorder), so every writer — appendToOutbox and the
 * statements that build fan-out rows in SQL alike — stores it without naming the columns. NULL when tracing is
 * off or the transaction ran outside a traced operation.
 */
export async function addOutboxTraceContextV4(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(
    `ALTER TABLE "${schema}".outbox
       ADD COLUMN traceparent text NULL DEFAULT NULLIF(current_setting('${TraceContextSettings.TRACEPARENT}', true), ''),
       ADD COLUMN tracestate  text NULL DEFAULT NULLIF(current_setting('${TraceContextSettings.TRACESTATE}', true), '')`,
  );
}

export async function dropOutboxTraceContextV4(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`ALTER TABLE "${schema}".outbox DROP COLUMN traceparent, DROP COLUMN tracestate`);
}
