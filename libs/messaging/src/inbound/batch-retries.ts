import type { Logger } from '@nestjs/common';
import { pingDatabase } from '@dxhub/persistence';
import type { Batch } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { KafkaGateway } from '../broker/kafka-gateway';
import { classifyFailure } from '../failure-policy';
import { lag, pausedPartitions, retries } from './consumer-metrics';

interface RetryState {
  since: number;
  attempts: number;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * The retries of one consumer's batches, per partition: a batch that could not finish pauses only its partition
 * and comes back after a backoff, while the other partitions go on; once a partition's retries outlast the retry
 * budget with the database and broker answering, the failure is the events' and they are tried one by one.
 */
export class BatchRetries {
  private readonly states = new Map<string, RetryState>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly groupId: string,
    private readonly gateway: KafkaGateway,
    private readonly dataSource: DataSource,
    private readonly retryBudgetMs: number,
    private readonly logger: Logger,
  ) {}

  /** The partition's batch went through: its next failure starts a new budget. */
  succeeded(partitionKey: string): void {
    this.states.delete(partitionKey);
  }

  /**
   * A batch that could not finish (the database or broker away, or a defect): its partition pauses and
   * resumes after a backoff, and kafkajs fetches the batch again from the last resolved offset. Only this
   * partition waits; the others go on.
   */
  putBack(batch: Batch, pause: () => () => void, partitionKey: string, error: unknown): void {
    const state = this.states.get(partitionKey) ?? { since: Date.now(), attempts: 0 };
    state.attempts++;
    this.states.set(partitionKey, state);
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(state.attempts, 10)) * (0.5 + Math.random() / 2);
    const failure = classifyFailure(error);
    retries.inc({ group: this.groupId });
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
      { group: this.groupId, topic: this.gateway.logical(batch.topic), partition: String(batch.partition) },
      Number(BigInt(batch.highWatermark) - BigInt(batch.firstOffset() ?? batch.highWatermark)),
    );
    const resume = pause();
    pausedPartitions.inc({ group: this.groupId });
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      pausedPartitions.dec({ group: this.groupId });
      resume();
    }, delay);
    this.resumeTimers.add(timer);
  }

  /**
   * Whether a batch put back before has used up its retry budget while the service's dependencies answer:
   * then the failure is the events', not an outage's, and each is tried alone. An outage is waited out.
   */
  async budgetSpent(partitionKey: string): Promise<boolean> {
    const state = this.states.get(partitionKey);
    if (!state || Date.now() - state.since < this.retryBudgetMs) return false;
    try {
      await pingDatabase(this.dataSource);
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

  /** Stopping: no paused partition resumes any more. */
  stop(): void {
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    pausedPartitions.set({ group: this.groupId }, 0);
  }
}
