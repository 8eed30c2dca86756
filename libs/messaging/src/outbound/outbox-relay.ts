import { Logger } from '@nestjs/common';
import type { Span } from '@opentelemetry/api';
import { counter, gauge } from '@dxhub/observability';
import type { DataSource } from 'typeorm';
import type { KafkaGateway, TopicRecord } from '../broker/kafka-gateway';
import { encodeBinary } from '../inbound/cloud-event.codec';
import { UnexpectedRowError } from '@dxhub/persistence';
import { endPublishSpans, publishSpan } from '../tracing/relay-spans';
import {
  claimUnpublished,
  deletePublishedOlderThan,
  markPublished,
  outboxBacklog,
  outboxHasFanOut,
  type OutboxRow,
  readOutboxRows,
} from './outbox.repository';

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
      // Claimed with their event counts only (see claimUnpublished).
      const claimed = await claimUnpublished(manager, batchSize, fanOut);
      if (claimed.length === 0) return { published: 0, drained: true };
      let budgeted = 0;
      let taken = 0;
      for (const row of claimed) {
        if (taken > 0 && budgeted + row.events > MAX_MESSAGES_PER_ROUND) break;
        budgeted += row.events;
        taken++;
      }
      const rows = await readOutboxRows(
        manager,
        claimed.slice(0, taken).map((r) => r.id),
      );
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
      await markPublished(
        manager,
        rows.map((r) => r.id),
      );
      const perTopic = new Map<string, number>();
      for (const { topic } of outgoing) perTopic.set(topic, (perTopic.get(topic) ?? 0) + 1);
      for (const [topic, count] of perTopic) relayed.inc({ topic }, count);
      return { published: outgoing.length, drained: taken === claimed.length && claimed.length < batchSize };
    });
  }

  /** Whether the outbox has fan-out rows (appendFanOutToOutbox); asked until it is answered once. */
  private async hasFanOut(): Promise<boolean> {
    if (this.fanOutColumn === undefined) {
      this.fanOutColumn = await outboxHasFanOut(this.dataSource);
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
    const { count, age } = await outboxBacklog(this.dataSource);
    backlog.set(count);
    oldestWaiting.set(age);
    // A relay that stops draining (broker down, a backlog it never catches up with) stops checking too:
    // time() minus this says for how long, where the age above would stay frozen.
    checkedAt.set(now / 1000);
    await deletePublishedOlderThan(this.dataSource, this.options.retentionHours ?? 72);
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

/** One event as the relay sends it: a row's own, or one of a fan-out row's (FanOutEvent, as written). */
interface RelayedEvent {
  key: string | null;
  id: string;
  subject?: string | null;
  time: string;
  payload: unknown;
}

/** The Kafka records of one outbox row: its event, or each event of a fan-out row. */
function toRecords(row: OutboxRow): TopicRecord[] {
  const events: RelayedEvent[] = row.fan_out
    ? fanOutEvents(row)
    : [
        {
          key: row.message_key,
          id: row.event_id,
          subject: row.event_subject ?? undefined,
          time: new Date(row.event_time).toISOString(),
          // Written by appendToOutbox from a payload of the row's event type.
          payload: row.payload,
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

/**
 * The events of a fan-out row, as appendFanOutToOutbox wrote them (FanOutEvent[]): checked for what the relay
 * reads of each (a few typeof tests an event), so a row of another shape fails here, naming the row.
 */
function fanOutEvents(row: OutboxRow): RelayedEvent[] {
  const payload = row.payload;
  if (!Array.isArray(payload)) throw new UnexpectedRowError(`outbox row ${row.id}: a fan-out payload must be an array`);
  const events: RelayedEvent[] = [];
  for (const item of payload) {
    if (!isRelayedEvent(item)) {
      throw new UnexpectedRowError(
        `outbox row ${row.id}: a fan-out event needs a text id and time, a text or null key (and a text subject, if any)`,
      );
    }
    events.push(item);
  }
  return events;
}

function isRelayedEvent(value: unknown): value is RelayedEvent {
  if (typeof value !== 'object' || value === null) return false;
  const id: unknown = Reflect.get(value, 'id');
  const time: unknown = Reflect.get(value, 'time');
  const key: unknown = Reflect.get(value, 'key');
  const subject: unknown = Reflect.get(value, 'subject');
  return (
    typeof id === 'string' &&
    typeof time === 'string' &&
    (key === null || typeof key === 'string') &&
    (subject === undefined || subject === null || typeof subject === 'string')
  );
}
