import { Logger } from '@nestjs/common';
import { Clock } from '@dxhub/calendar';
import { deadLetterTopic, type EventType } from '@dxhub/contracts';
import type { Batch, Consumer, EachBatchPayload } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { kafkaOf, type KafkaGateway } from '../broker/kafka-gateway';
import { SERVICE_FETCH_SETTINGS } from '../broker/record-batches';
import { type BatchTrace, batchTrace } from '../tracing/consumer-spans';
import { BatchRetries } from './batch-retries';
import { batchSeconds, consumed, deadLettered, lag } from './consumer-metrics';
import { type DeadLetter, deadLetterRecord } from './dead-letters';
import { EventApplier } from './event-applier';
import type { EventConsumerOptions } from './event-consumer-options';
import type { Inbound } from './inbound-event';
import { RecordInspector } from './record-inspector';
import { failedEvent, type Refusal, refusedRecord } from './refused-records';
import { logAndAnnounceRejections, logRejections } from './rejection-log';
import { RejectionLogRetention } from './rejection-log-retention';

export type { EventConsumerOptions } from './event-consumer-options';

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
  private readonly retries: BatchRetries;
  private readonly clock: Clock;

  constructor(
    private readonly gateway: KafkaGateway,
    private readonly dataSource: DataSource,
    private readonly options: EventConsumerOptions<T>,
  ) {
    this.logger = new Logger(`consumer:${options.groupId}`);
    this.clock = options.clock ?? new Clock();
    this.retries = new BatchRetries(
      options.groupId,
      gateway,
      dataSource,
      options.retryBudgetMs ?? gateway.config.CONSUMER_RETRY_BUDGET_MS,
      this.logger,
    );
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
    this.retries.stop();
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
      this.retries.succeeded(partitionKey);
      resolveOffset(batch.lastOffset());
      stopTimer();
    } catch (error) {
      traced?.end(error);
      // Shutting down or handed to another member: leave the batch uncommitted for whoever owns it next.
      if (!isRunning() || isStale()) return;
      this.retries.putBack(batch, pause, partitionKey, error);
    }
  }

  private async processBatch(
    consumer: Consumer,
    batch: Batch,
    heartbeat: () => Promise<void>,
    partitionKey: string,
    traced: BatchTrace | undefined,
  ): Promise<void> {
    const topic = this.gateway.logical(batch.topic);
    const receivedAt = this.clock.now();
    const events: Inbound<T>[] = [];
    const refusals: Refusal[] = [];
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
        refusals.push(refusedRecord(inspection, topic, batch.partition, message.offset, receivedAt));
        traced?.refused(inspection.record, message.offset, inspection.reason.code, inspection.reason.message);
      }
    }

    const mode = (await this.retries.budgetSpent(partitionKey)) ? 'isolate' : 'grouped';
    const outcome = await this.applier.apply(events, mode, heartbeat);
    for (const failed of outcome.failed) {
      refusals.push(failedEvent(failed, receivedAt));
      traced?.failed(failed.event, failed.reason.code, failed.reason.message);
    }
    const letters: DeadLetter[] = refusals.map((r) => r.letter);
    const rejected = refusals.map((r) => r.rejected);

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
