import { Logger } from '@nestjs/common';
import { counter, gauge } from '@dxhub/observability';
import type { DataSource } from 'typeorm';
import { encodeBinary } from './cloud-event.codec';
import type { KafkaGateway } from './kafka-gateway';

const relayed = counter('dx_outbox_published_total', 'Outbox events published', ['topic']);
const backlog = gauge('dx_outbox_backlog', 'Outbox events not yet published (as of the last poll)');

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
}

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
  private lastCleanup = 0;

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
    this.wake?.();
  }

  /** One round: publishes up to batchSize rows; returns how many. */
  async publishOnce(): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, message_key, event_id, event_type, event_source, event_subject, event_time, payload
         FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      const producer = await this.gateway.producer();
      const byTopic = new Map<string, OutboxRow[]>();
      for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, topicRows]) => ({
          topic: this.gateway.physical(topic),
          messages: topicRows.map((row) => {
            const { headers, value } = encodeBinary({
              specversion: '1.0',
              id: row.event_id,
              source: row.event_source,
              type: row.event_type,
              time: new Date(row.event_time).toISOString(),
              subject: row.event_subject ?? undefined,
              data: row.payload,
            });
            return { key: row.message_key, value, headers };
          }),
        })),
      });
      await manager.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      for (const [topic, topicRows] of byTopic) relayed.inc({ topic }, topicRows.length);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    let failures = 0;
    while (this.running) {
      try {
        const published = await this.publishOnce();
        failures = 0;
        if (published < batchSize) {
          await this.cleanupIfDue();
          await this.idle(this.options.idleMs ?? 50);
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
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM outbox WHERE published_at IS NULL`);
    backlog.set(count);
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
