import { Logger } from '@nestjs/common';
import { type CloudEvent, deadLetterTopic, EVENT_CATALOG, type EventType, validatePayload } from '@dxhub/contracts';
import { counter, histogram } from '@dxhub/observability';
import type { Batch, Consumer, KafkaMessage } from 'kafkajs';
import { decodeCloudEvent, type RawRecord } from './cloud-event.codec';
import { type DeadLetter, deadLetterMessage } from './dead-letter';
import { isTransientFailure } from './failure-policy';
import type { KafkaGateway } from './kafka-gateway';

const consumed = counter('dx_messages_consumed_total', 'Records consumed', ['topic']);
const deadLettered = counter('dx_messages_dead_lettered_total', 'Records sent to a dead-letter topic', ['topic']);
const skipped = counter(
  'dx_messages_skipped_total',
  'Records of types this consumer does not read (service topics only)',
  ['topic'],
);
const batchSeconds = histogram('dx_consumer_batch_seconds', 'Time to apply one consumed batch', ['group']);
const retries = counter('dx_consumer_retries_total', 'Batches retried after a transient failure', ['group']);

/** A consumed record whose envelope and payload passed their contract. */
export interface InboundEvent<T = unknown> {
  /** Logical topic (without KAFKA_TOPIC_PREFIX). */
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  event: CloudEvent<T>;
  record: RawRecord;
}

export interface Rejection {
  event: InboundEvent;
  reason: string;
}

/** Applies a batch of valid events; returns the ones it refuses (they are dead-lettered with the reason). */
export type BatchHandler = (events: InboundEvent[]) => Promise<Rejection[]>;

export interface BatchConsumerOptions {
  groupId: string;
  /** Logical topics to consume; asked again on every refresh, so new topics are picked up live. */
  topics: () => Promise<string[]>;
  /** Event types accepted on these topics; each is validated against its contract class. */
  accepts: EventType[];
  /**
   * What to do with a well-formed event of another type: dead-letter it (an agency topic carries only
   * what the agency may send) or skip it (a service's topic carries many types, each consumer reads its
   * own). Default: dead-letter.
   */
  otherTypes?: 'dead-letter' | 'skip';
  handle: BatchHandler;
  /** How often to look for new topics; 0 turns the timer off (refresh() still works). */
  refreshIntervalMs?: number;
  /** Start at the earliest offset when the group has none: events sent before we subscribed are not lost. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  /**
   * A consumer-side contract for events this consumer reads from topics it does not own (their payload
   * classes are not in the contracts lib yet): it replaces the `accepts` + catalogue check. `ignore` skips
   * the event (committed, not dead-lettered), `reject` dead-letters it with the reason.
   */
  contract?: (type: string, data: unknown) => ConsumerContractVerdict;
}

/** What a consumer-side contract says about one event. */
export type ConsumerContractVerdict =
  { verdict: 'accept'; data: unknown } | { verdict: 'ignore' } | { verdict: 'reject'; reason: string };

const MAX_BACKOFF_MS = 5000;

/**
 * Consumes in batches (kafkajs eachBatch) with effectively-once effects: the handler records event ids
 * in the same transaction as its effects; bad records go to `<topic>.dlq` with a reason; offsets are
 * committed only after the batch is applied and its dead letters are acknowledged by the broker.
 */
export class BatchConsumer {
  private readonly logger: Logger;
  private consumer?: Consumer;
  private subscribed: string[] = [];
  private refreshTimer?: NodeJS.Timeout;
  private lifecycle: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly gateway: KafkaGateway,
    private readonly options: BatchConsumerOptions,
  ) {
    this.logger = new Logger(`consumer:${options.groupId}`);
  }

  /** Subscribes and starts consuming; resolves once the consumer is running. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.serialise(() => this.restart());
    const every = this.options.refreshIntervalMs ?? 0;
    if (every > 0) {
      this.refreshTimer = setInterval(() => {
        this.refresh().catch((error: unknown) => this.logger.error({ msg: 'topic refresh failed', err: error }));
      }, every);
      this.refreshTimer.unref();
    }
  }

  /** Re-reads the topic list and resubscribes when it changed (a new agency's topic, say). */
  async refresh(): Promise<boolean> {
    return this.serialise(async () => {
      if (this.stopped) return false;
      const wanted = await this.wantedTopics();
      if (sameList(wanted, this.subscribed)) return false;
      await this.restart(wanted);
      return true;
    });
  }

  /** Finishes the batch in hand, commits, and leaves the group. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.refreshTimer);
    await this.serialise(async () => {
      await this.consumer?.disconnect();
      this.consumer = undefined;
    });
  }

  topics(): string[] {
    return [...this.subscribed];
  }

  private async restart(wanted?: string[]): Promise<void> {
    const topics = wanted ?? (await this.wantedTopics());
    if (this.consumer) await this.consumer.disconnect();
    // Each consumed topic has its dead-letter topic from the start, so operators can watch both.
    await this.gateway.ensureTopics(topics.flatMap((t) => [t, deadLetterTopic(t)]));
    const consumer = this.gateway.consumer({
      groupId: this.gateway.physical(this.options.groupId),
      sessionTimeout: 30000,
      heartbeatInterval: 3000,
      maxBytesPerPartition: 1048576,
      retry: { retries: 10 },
    });
    await consumer.connect();
    if (topics.length > 0) {
      await subscribeOnceKnown(
        consumer,
        topics.map((t) => this.gateway.physical(t)),
        this.options.fromBeginning ?? true,
      );
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          if (!isRunning() || isStale() || batch.messages.length === 0) return;
          await this.processBatch(consumer, batch, heartbeat, isRunning);
          resolveOffset(batch.lastOffset());
        },
      });
    }
    this.consumer = consumer;
    this.subscribed = topics;
    this.logger.log({ msg: 'consuming', topics: topics.length, groupId: this.options.groupId });
  }

  private async processBatch(
    consumer: Consumer,
    batch: Batch,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<void> {
    const topic = this.gateway.logical(batch.topic);
    const stopTimer = batchSeconds.startTimer({ group: this.options.groupId });
    const valid: InboundEvent[] = [];
    const letters: DeadLetter[] = [];
    for (const message of batch.messages) {
      const record = toRawRecord(message);
      const checked = this.check(record, topic, batch.partition, message.offset);
      if (checked === 'skipped') {
        skipped.inc({ topic });
        continue;
      }
      if (checked.ok) valid.push(checked.event);
      else letters.push({ topic, partition: batch.partition, offset: message.offset, record, reason: checked.reason });
    }

    const rejections = await this.applyWithRetry(valid, heartbeat, isRunning);
    for (const r of rejections) {
      letters.push({
        topic,
        partition: batch.partition,
        offset: r.event.offset,
        record: r.event.record,
        reason: r.reason,
      });
    }
    if (letters.length > 0) await this.sendDeadLetters(letters);

    await consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() },
    ]);
    consumed.inc({ topic }, batch.messages.length);
    stopTimer();
    await heartbeat();
  }

  private check(
    record: RawRecord,
    topic: string,
    partition: number,
    offset: string,
  ): { ok: true; event: InboundEvent } | { ok: false; reason: string } | 'skipped' {
    const decoded = decodeCloudEvent(record);
    if (!decoded.ok) return decoded;
    if (this.options.contract) {
      const verdict = this.options.contract(decoded.event.type, decoded.event.data);
      if (verdict.verdict === 'ignore') return 'skipped';
      if (verdict.verdict === 'reject') return { ok: false, reason: verdict.reason };
      const key = record.key?.toString('utf8') ?? null;
      return {
        ok: true,
        event: { topic, partition, offset, key, event: { ...decoded.event, data: verdict.data }, record },
      };
    }
    const type = decoded.event.type as EventType;
    if (!this.options.accepts.includes(type)) {
      if (this.options.otherTypes === 'skip') return 'skipped';
      return {
        ok: false,
        reason: `event type '${decoded.event.type}' is not accepted on this topic (expected ${this.options.accepts.join(', ')})`,
      };
    }
    const payload = validatePayload(EVENT_CATALOG[type].payload as new () => object, decoded.event.data);
    if (!payload.ok) return { ok: false, reason: `invalid ${type} payload: ${payload.reason}` };
    return {
      ok: true,
      event: {
        topic,
        partition,
        offset,
        key: record.key?.toString('utf8') ?? null,
        event: { ...decoded.event, data: payload.payload },
        record,
      },
    };
  }

  /**
   * Transient failures are retried with backoff for as long as the consumer runs. A failure that is not
   * transient is narrowed down to the events that cause it: they are rejected, the rest applied.
   */
  private async applyWithRetry(
    events: InboundEvent[],
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<Rejection[]> {
    if (events.length === 0) return [];
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.options.handle(events);
      } catch (error) {
        if (!isTransientFailure(error)) return this.applyOneByOne(events);
        if (!isRunning()) throw error; // shutting down: leave the batch uncommitted for the next owner
        retries.inc({ group: this.options.groupId });
        const delay = Math.min(MAX_BACKOFF_MS, 200 * 2 ** attempt) * (0.5 + Math.random() / 2);
        this.logger.warn({
          msg: 'batch failed, retrying',
          attempt: attempt + 1,
          delayMs: Math.round(delay),
          err: error,
        });
        await sleep(delay);
        await heartbeat();
      }
    }
  }

  private async applyOneByOne(events: InboundEvent[]): Promise<Rejection[]> {
    const rejections: Rejection[] = [];
    for (const event of events) {
      try {
        rejections.push(...(await this.options.handle([event])));
      } catch (error) {
        if (isTransientFailure(error)) throw error;
        rejections.push({ event, reason: `processing failed: ${(error as Error).message}` });
      }
    }
    return rejections;
  }

  private async sendDeadLetters(letters: DeadLetter[]): Promise<void> {
    const producer = await this.gateway.producer();
    const now = new Date();
    const messages = letters.map((l) => deadLetterMessage(l, this.options.groupId, now));
    await producer.send({
      topic: this.gateway.physical(messages[0].topic),
      acks: -1,
      messages: messages.map(({ key, value, headers }) => ({ key, value, headers })),
    });
    for (const l of letters) {
      deadLettered.inc({ topic: l.topic });
      this.logger.warn({
        msg: 'dead-lettered',
        topic: l.topic,
        partition: l.partition,
        offset: l.offset,
        reason: l.reason,
      });
    }
  }

  private async wantedTopics(): Promise<string[]> {
    return [...new Set(await this.options.topics())].sort();
  }

  /** Start, refresh and stop never overlap: each waits for the one before. */
  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const next = this.lifecycle.then(work, work);
    this.lifecycle = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }
}

function toRawRecord(message: KafkaMessage): RawRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    headers[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return { key: message.key, value: message.value, headers };
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Subscribes, retrying while the broker answers that a topic is not known yet: a topic created a moment
 * ago (ensureTopics) may still be missing from a metadata answer on a busy broker, and kafkajs throws that
 * out of subscribe() rather than retrying it.
 */
async function subscribeOnceKnown(consumer: Consumer, topics: string[], fromBeginning: boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await consumer.subscribe({ topics, fromBeginning });
      return;
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** attempt)));
    }
  }
}
