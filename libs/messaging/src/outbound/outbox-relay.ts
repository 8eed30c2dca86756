import { Logger } from '@nestjs/common';
import type { Span } from '@opentelemetry/api';
import { counter, gauge } from '@dxhub/observability';
import type { DataSource } from 'typeorm';
import type { KafkaGateway, TopicRecord } from '../broker/kafka-gateway';
import { encodeBinary } from '../inbound/cloud-event.codec';
import { endPublishSpans, publishSpan } from '../tracing/relay-spans';
import type { FanOutEvent } from './outbox';

const relayed = counter('dx_outbox_published_total', 'Outbox events published', ['topic']);
const backlog = gauge('dx_outbox_backlog', 'Outbox events not yet published (as of the last poll)');
const oldestWaiting = gauge(
  'dx_outbox_oldest_unpublished_age_seconds',
  'Age of the oldest unpublished outbox row at the last check (0 when none waits)',
);
const checkedAt = gauge(
  'dx_outbox_checked_timestamp_seconds',
  'When the relay last checked its outbox (Unix time); the check runs only after a round drained the outbox',
);

export interface OutboxRelayOptions {
  /** Rows claimed per round. */
  batchSize?: number;
  /** Pause between rounds when the outbox is drained. */
  idleMs?: number;
  /** Published rows older than this are deleted. */
  retentionHours?: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  event_id: string;
  event_type: string;
  event_source: string;
  event_subject: string | null;
  event_time: Date;
  payload: unknown;
  /** A fan-out row (appendFanOutToOutbox): payload is an array of events. Absent where the outbox predates them. */
  fan_out?: boolean;
  /** The trace context of the transaction that wrote the row (addOutboxTraceContextV4); absent where the outbox predates it. */
  traceparent?: string | null;
  tracestate?: string | null;
}

/** Messages one round publishes at most (each event of a fan-out row counts). */
const MAX_MESSAGES_PER_ROUND = 5000;

/**
 * Publishes the service's outbox: claims unpublished rows with FOR UPDATE SKIP LOCKED (so replicas share
 * the work), sends them with the idempotent producer (acks=all), and marks them published in the same
 * transaction. A crash between send and commit republishes the rows; consumers dedupe on ce_id.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private nudged = false;
  private lastCleanup = 0;
  private fanOutColumn?: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly gateway: KafkaGateway,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Publishes what it holds, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Wakes the relay now instead of at its next poll (after a transaction that wrote to the outbox). */
  nudge(): void {
    // Remembered when the relay is busy in a round that may not see the new rows: it goes on without a pause.
    this.nudged = true;
    this.wake?.();
  }

  /** One round: publishes up to batchSize rows; returns how many events it published. */
  async publishOnce(): Promise<number> {
    return (await this.round()).published;
  }

  /**
   * Claims up to batchSize rows, publishes them in id order within the round's message budget (always
   * at least one row), and marks those published. `drained`: nothing was left behind.
   */
  private async round(): Promise<{ published: number; drained: boolean }> {
    const batchSize = this.options.batchSize ?? 500;
    const fanOut = await this.hasFanOut();
    return this.dataSource.transaction(async (manager) => {
      // Claimed with their event counts only: a backlog of large fan-out rows is not read into memory
      // round after round when a round publishes one or two of them.
      const claimed: { id: string; events: number }[] = await manager.query(
        `SELECT id, ${fanOut ? `CASE WHEN fan_out THEN json_array_length(payload::json) ELSE 1 END` : '1'}::int AS events
         FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (claimed.length === 0) return { published: 0, drained: true };
      let budgeted = 0;
      let taken = 0;
      for (const row of claimed) {
        if (taken > 0 && budgeted + row.events > MAX_MESSAGES_PER_ROUND) break;
        budgeted += row.events;
        taken++;
      }
      // SELECT *: fan_out exists only where the service's outbox has it.
      const rows: OutboxRow[] = await manager.query(`SELECT * FROM outbox WHERE id = ANY($1::bigint[]) ORDER BY id`, [
        claimed.slice(0, taken).map((r) => r.id),
      ]);
      const outgoing: TopicRecord[] = [];
      const spans: Span[] = [];
      for (const row of rows) {
        const records = toRecords(row);
        const traced = publishSpan(row, records.length);
        if (traced) {
          spans.push(traced.span);
          for (const { record } of records) record.headers = { ...record.headers, ...traced.headers };
        }
        // A loop, not push(...records): a fan-out row may hold more events than a call takes arguments.
        for (const record of records) outgoing.push(record);
      }
      try {
        await this.gateway.send(outgoing);
      } catch (error) {
        endPublishSpans(spans, error);
        throw error;
      }
      endPublishSpans(spans);
      await manager.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [
        rows.map((r) => r.id),
      ]);
      const perTopic = new Map<string, number>();
      for (const { topic } of outgoing) perTopic.set(topic, (perTopic.get(topic) ?? 0) + 1);
      for (const [topic, count] of perTopic) relayed.inc({ topic }, count);
      return { published: outgoing.length, drained: taken === claimed.length && claimed.length < batchSize };
    });
  }

  /** Whether the outbox has fan-out rows (appendFanOutToOutbox); asked until it is answered once. */
  private async hasFanOut(): Promise<boolean> {
    if (this.fanOutColumn === undefined) {
      const [{ present }]: { present: boolean }[] = await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM pg_attribute
                        WHERE attrelid = 'outbox'::regclass AND attname = 'fan_out' AND NOT attisdropped) AS present`,
      );
      this.fanOutColumn = present;
    }
    return this.fanOutColumn;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        this.nudged = false;
        const { drained } = await this.round();
        failures = 0;
        if (drained && !this.nudged) {
          await this.cleanupIfDue();
          if (!this.nudged) await this.idle(this.options.idleMs ?? 50);
        }
      } catch (error) {
        failures++;
        this.logger.error({ msg: 'outbox publish failed; will retry', failures, err: error });
        await this.idle(Math.min(5000, 100 * 2 ** failures));
      }
    }
    // Drain what was committed before the stop, best effort.
    try {
      while ((await this.publishOnce()) > 0);
    } catch (error) {
      this.logger.warn({ msg: 'outbox not drained at shutdown; the next start publishes it', err: error });
    }
  }

  private async cleanupIfDue(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanup < 60_000) return;
    this.lastCleanup = now;
    const [{ count, age }] = await this.dataSource.query(
      `SELECT count(*)::int AS count, COALESCE(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
       FROM outbox WHERE published_at IS NULL`,
    );
    backlog.set(count);
    oldestWaiting.set(age);
    // A relay that stops draining (broker down, a backlog it never catches up with) stops checking too:
    // time() minus this says for how long, where the age above would stay frozen.
    checkedAt.set(now / 1000);
    await this.dataSource.query(`DELETE FROM outbox WHERE published_at < now() - make_interval(hours => $1)`, [
      this.options.retentionHours ?? 72,
    ]);
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** The Kafka records of one outbox row: its event, or each event of a fan-out row. */
function toRecords(row: OutboxRow): TopicRecord[] {
  const events: FanOutEvent[] = row.fan_out
    ? (row.payload as FanOutEvent[])
    : [
        {
          key: row.message_key,
          id: row.event_id,
          subject: row.event_subject ?? undefined,
          time: new Date(row.event_time).toISOString(),
          // Written by appendToOutbox from a payload of the row's event type.
          payload: row.payload as FanOutEvent['payload'],
        },
      ];
  return events.map((event) => {
    const { headers, value } = encodeBinary({
      specversion: '1.0',
      id: event.id,
      source: row.event_source,
      type: row.event_type,
      time: new Date(event.time).toISOString(),
      subject: event.subject ?? undefined,
      data: event.payload,
    });
    // Encoded here, once: its size bounds the produce request.
    return { topic: row.topic, record: { key: event.key, value: Buffer.from(value), headers } };
  });
}
