import { Logger } from '@nestjs/common';
import { deadLetterTopic, type EventType, parseAgencyTopic, type RejectingService } from '@dxhub/contracts';
import { counter, gauge, histogram } from '@dxhub/observability';
import type { Batch, Consumer, EachBatchPayload } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { kafkaOf, type KafkaGateway } from '../broker/kafka-gateway';
import { SERVICE_FETCH_SETTINGS } from '../broker/record-batches';
import { classifyFailure } from '../failure-policy';
import { type BatchTrace, batchTrace } from '../tracing/consumer-spans';
import { type DeadLetter, deadLetterRecord } from './dead-letters';
import { type EventHandler, EventApplier, type FailedEvent } from './event-applier';
import type { Inbound } from './inbound-event';
import { type Inspection, type Publishers, RecordInspector } from './record-inspector';
import { logAndAnnounceRejections, logRejections, type RejectedEvent } from './rejection-log';
import { RejectionLogRetention } from './rejection-log-retention';

const consumed = counter('dx_messages_consumed_total', 'Records consumed, by what became of them', [
  'topic',
  'outcome',
]);
const deadLettered = counter('dx_messages_dead_lettered_total', 'Records sent to a dead-letter topic', [
  'topic',
  'reason',
]);
const batchSeconds = histogram('dx_consumer_batch_seconds', 'Time to apply one consumed batch', ['group']);
const retries = counter('dx_consumer_retries_total', 'Batches put back after a transient failure', ['group']);
const lag = gauge('dx_consumer_lag', 'Records behind the high-water mark, as of the last batch', [
  'group',
  'topic',
  'partition',
]);
const pausedPartitions = gauge('dx_consumer_paused_partitions', 'Partitions waiting to retry a batch', ['group']);

export interface EventConsumerOptions<T extends EventType> {
  groupId: string;
  /** Logical topics to consume; asked again on every refresh, so new topics are picked up live. */
  topics: () => Promise<string[]>;
  /** Event types accepted; each is validated against its contract class before the handler sees it. */
  accepts: readonly T[];
  /**
   * A well-formed event of another type: dead-lettered (an agency topic carries only what the agency may
   * send) or skipped (a service's topic carries many types, each consumer reads its own). Default: dead-letter.
   */
  otherTypes?: 'dead-letter' | 'skip';
  /** Who publishes on the topics; `agencies` holds each event's `ce_source` to its topic's agency. */
  publishers: Publishers;
  /** Applies fresh, checked events inside the pipeline's transaction (the inbox claims are in it too). */
  handle: EventHandler<T>;
  /** How often to look for new topics; 0 turns the timer off (refresh() still works). */
  refreshIntervalMs?: number;
  /** Start at the earliest offset when the group has none: events sent before we subscribed are not lost. */
  fromBeginning?: boolean;
  /** Partitions whose batches are taken at the same time (and may share a transaction). Default 1. */
  partitionsConsumedConcurrently?: number;
  /** Events one transaction takes at most. Default 2,500. */
  maxEventsPerTransaction?: number;
  /** Transactions at once across partitions (group commit). Default 1. */
  transactionsAtOnce?: number;
  /** Overrides KafkaConfig's CONSUMER_RETRY_BUDGET_MS for this consumer. */
  retryBudgetMs?: number;
  /**
   * The service whose outbox tells agencies what was refused (dx.agency-events.rejected, one per agency and
   * batch, with the refusals' log rows). Unset: refusals are only logged.
   */
  announceRejections?: RejectingService;
}

interface RetryState {
  since: number;
  attempts: number;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * The one inbound pipeline. Consumes in batches (kafkajs eachBatch); from a record's bytes to the handler's
 * committed transaction every record ends in exactly one of three ways: applied, recognised as a duplicate
 * (the inbox), or dead-lettered to `<topic>.dlq` with a reason code and message (and logged in the
 * service's rejection log). No exception escapes to kafkajs, whatever the bytes: a transient failure puts
 * the batch back and pauses only its partition, with backoff, while the other partitions go on; a
 * permanent one is narrowed down to the events that cause it. Offsets are committed after the batch's
 * transactions and its dead letters, so a crash redelivers, and the inbox makes redelivery harmless.
 */
export class EventConsumer<T extends EventType> {
  private readonly logger: Logger;
  private readonly inspector: RecordInspector<T>;
  private readonly applier: EventApplier<T>;
  private consumer?: Consumer;
  private subscribed: string[] = [];
  private refreshTimer?: NodeJS.Timeout;
  private readonly retention: RejectionLogRetention;
  private lifecycle: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly retryStates = new Map<string, RetryState>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly gateway: KafkaGateway,
    private readonly dataSource: DataSource,
    private readonly options: EventConsumerOptions<T>,
  ) {
    this.logger = new Logger(`consumer:${options.groupId}`);
    this.retention = new RejectionLogRetention(dataSource, gateway.config.REJECTION_LOG_RETENTION_DAYS, this.logger);
    this.inspector = new RecordInspector({
      accepts: options.accepts,
      otherTypes: options.otherTypes ?? 'dead-letter',
      publishers: options.publishers,
    });
    this.applier = new EventApplier((work) => dataSource.transaction(work), {
      handle: options.handle,
      maxEventsPerTransaction: options.maxEventsPerTransaction ?? 2500,
      transactionsAtOnce: options.transactionsAtOnce ?? 1,
    });
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
    this.retention.start();
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
    this.retention.stop();
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    pausedPartitions.set({ group: this.options.groupId }, 0);
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
    const consumer = kafkaOf(this.gateway).consumer({
      groupId: this.gateway.physical(this.options.groupId),
      ...SERVICE_FETCH_SETTINGS,
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
        eachBatch: (payload) => this.eachBatch(consumer, payload),
      });
    }
    this.consumer = consumer;
    this.subscribed = topics;
    this.logger.log({ msg: 'consuming', topics: topics.length, groupId: this.options.groupId });
  }

  private async eachBatch(consumer: Consumer, payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, pause } = payload;
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const partitionKey = `${batch.topic}:${batch.partition}`;
    const stopTimer = batchSeconds.startTimer({ group: this.options.groupId });
    const traced = batchTrace(
      this.gateway.logical(batch.topic),
      batch.partition,
      this.options.groupId,
      batch.messages.length,
    );
    try {
      const work = () => this.processBatch(consumer, batch, heartbeat, partitionKey, traced);
      await (traced ? traced.within(work) : work());
      traced?.end();
      this.retryStates.delete(partitionKey);
      resolveOffset(batch.lastOffset());
      stopTimer();
    } catch (error) {
      traced?.end(error);
      // Shutting down or handed to another member: leave the batch uncommitted for whoever owns it next.
      if (!isRunning() || isStale()) return;
      this.putBack(batch, pause, partitionKey, error);
    }
  }

  /**
   * A batch that could not finish (the database or broker away, or a defect): its partition pauses and
   * resumes after a backoff, and kafkajs fetches the batch again from the last resolved offset. Only this
   * partition waits; the others go on.
   */
  private putBack(batch: Batch, pause: () => () => void, partitionKey: string, error: unknown): void {
    const state = this.retryStates.get(partitionKey) ?? { since: Date.now(), attempts: 0 };
    state.attempts++;
    this.retryStates.set(partitionKey, state);
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(state.attempts, 10)) * (0.5 + Math.random() / 2);
    const failure = classifyFailure(error);
    retries.inc({ group: this.options.groupId });
    this.logger[failure.transient ? 'warn' : 'error']({
      msg: failure.transient
        ? 'batch put back after a transient failure'
        : 'batch put back after an unexpected failure',
      topic: this.gateway.logical(batch.topic),
      partition: batch.partition,
      firstOffset: batch.firstOffset(),
      attempt: state.attempts,
      retryInMs: Math.round(delay),
      errorClass: failure.errorClass,
      err: error,
    });
    lag.set(
      { group: this.options.groupId, topic: this.gateway.logical(batch.topic), partition: String(batch.partition) },
      Number(BigInt(batch.highWatermark) - BigInt(batch.firstOffset() ?? batch.highWatermark)),
    );
    const resume = pause();
    pausedPartitions.inc({ group: this.options.groupId });
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      pausedPartitions.dec({ group: this.options.groupId });
      resume();
    }, delay);
    this.resumeTimers.add(timer);
  }

  private async processBatch(
    consumer: Consumer,
    batch: Batch,
    heartbeat: () => Promise<void>,
    partitionKey: string,
    traced: BatchTrace | undefined,
  ): Promise<void> {
    const topic = this.gateway.logical(batch.topic);
    const receivedAt = new Date();
    const events: Inbound<T>[] = [];
    const letters: DeadLetter[] = [];
    const rejected: RejectedEvent[] = [];
    let skipped = 0;
    for (const message of batch.messages) {
      const inspection = this.inspector.inspect(
        { topic, partition: batch.partition, offset: message.offset, message },
        receivedAt,
      );
      if (inspection.kind === 'event') {
        events.push(inspection.event);
        traced?.event(inspection.event);
      } else if (inspection.kind === 'skip') skipped++;
      else {
        this.letter(inspection, topic, batch.partition, message.offset, receivedAt, letters, rejected);
        traced?.refused(inspection.record, message.offset, inspection.reason.code, inspection.reason.message);
      }
    }

    const mode = (await this.budgetSpent(partitionKey)) ? 'isolate' : 'grouped';
    const outcome = await this.applier.apply(events, mode, heartbeat);
    for (const failed of outcome.failed) {
      this.letterFailed(failed, receivedAt, letters, rejected);
      traced?.failed(failed.event, failed.reason.code, failed.reason.message);
    }

    if (letters.length > 0) {
      // Logged first, then produced: a crash in between logs nothing twice (the record's place is unique)
      // and produces the letter again on redelivery. The summary for the agency commits with the log rows.
      const service = this.options.announceRejections;
      if (service) await this.dataSource.transaction((tx) => logAndAnnounceRejections(tx, rejected, service));
      else await logRejections(this.dataSource, rejected);
      await this.gateway.send(letters.map((l) => deadLetterRecord(l, this.options.groupId, receivedAt)));
    }
    await consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() },
    ]);
    consumed.inc({ topic, outcome: 'applied' }, outcome.applied);
    consumed.inc({ topic, outcome: 'duplicate' }, outcome.duplicates);
    consumed.inc({ topic, outcome: 'skipped' }, skipped);
    consumed.inc({ topic, outcome: 'dead-lettered' }, letters.length);
    for (const l of letters) {
      deadLettered.inc({ topic, reason: l.reason.code });
      this.logger.warn({
        msg: 'dead-lettered',
        topic,
        partition: l.partition,
        offset: l.offset,
        reasonCode: l.reason.code,
        reason: l.reason.message,
        ...(l.errorClass ? { errorClass: l.errorClass } : {}),
      });
    }
    lag.set(
      { group: this.options.groupId, topic, partition: String(batch.partition) },
      Number(BigInt(batch.highWatermark) - BigInt(batch.lastOffset()) - 1n),
    );
    await heartbeat();
  }

  /**
   * Whether a batch put back before has used up its retry budget while the service's dependencies answer:
   * then the failure is the events', not an outage's, and each is tried alone. An outage is waited out.
   */
  private async budgetSpent(partitionKey: string): Promise<boolean> {
    const state = this.retryStates.get(partitionKey);
    if (
      !state ||
      Date.now() - state.since < (this.options.retryBudgetMs ?? this.gateway.config.CONSUMER_RETRY_BUDGET_MS)
    )
      return false;
    try {
      await this.dataSource.query('SELECT 1');
      await this.gateway.ping();
    } catch {
      return false;
    }
    this.logger.error({
      msg: 'retry budget spent with the database and broker answering: events tried one by one',
      partition: partitionKey,
    });
    return true;
  }

  private letter(
    inspection: Extract<Inspection<T>, { kind: 'letter' }>,
    topic: string,
    partition: number,
    offset: string,
    at: Date,
    letters: DeadLetter[],
    rejected: RejectedEvent[],
  ): void {
    letters.push({ topic, partition, offset, record: inspection.record, reason: inspection.reason });
    rejected.push({
      channel: 'kafka',
      topic,
      partition,
      offset,
      agency: agencyOf(topic),
      eventId: inspection.eventId ?? inspection.record.headers.ce_id ?? null,
      eventSource: inspection.source ?? inspection.record.headers.ce_source ?? null,
      eventType: inspection.type ?? inspection.record.headers.ce_type ?? null,
      code: inspection.reason.code,
      message: inspection.reason.message,
      at,
    });
  }

  private letterFailed(failed: FailedEvent, at: Date, letters: DeadLetter[], rejected: RejectedEvent[]): void {
    const e = failed.event;
    letters.push({
      topic: e.topic,
      partition: e.partition,
      offset: e.offset,
      record: e.record,
      reason: failed.reason,
      errorClass: failed.errorClass,
    });
    rejected.push({
      channel: 'kafka',
      topic: e.topic,
      partition: e.partition,
      offset: e.offset,
      agency: e.agencyCode ?? agencyOf(e.topic),
      eventId: e.event.id,
      eventSource: e.event.source,
      eventType: e.event.type,
      code: failed.reason.code,
      message: failed.errorClass ? `${failed.reason.message} (${failed.errorClass})` : failed.reason.message,
      at,
    });
  }

  private async wantedTopics(): Promise<string[]> {
    return [...new Set(await this.options.topics())].sort();
  }

  /** Start, refresh and stop never overlap: each waits for the one before. */
  private serialise<R>(work: () => Promise<R>): Promise<R> {
    const next = this.lifecycle.then(work, work);
    this.lifecycle = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }
}

/** The agency a topic belongs to (`dx.agency.<code>.<stream>`), or null. */
function agencyOf(topic: string): string | null {
  return parseAgencyTopic(topic)?.agencyCode ?? null;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
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
