import { Logger } from '@nestjs/common';
import { type EventType, type RejectionReason, RejectionCodes, shorten } from '@dxhub/contracts';
import type { EntityManager } from 'typeorm';
import { classifyFailure } from '../failure-policy';
import { inTransactionSpan } from '../tracing/consumer-spans';
import { claimInInbox, releaseFromInbox } from './inbox';
import type { Inbound, InboundEvent, Refusal } from './inbound-event';
import { TransactionGroups } from './transaction-groups';

/** What a handler says of the events it was given. */
export interface HandlerResult {
  /** The events it refuses, with the reason: dead-lettered, their inbox claims released. */
  refused?: Refusal[];
  /** What to do once the transaction committed (nudge the outbox relay, tell live streams). */
  afterCommit?: () => void;
}

/** Applies checked, first-seen events in the pipeline's transaction `tx`. */
export type EventHandler<T extends EventType> = (
  tx: EntityManager,
  events: Inbound<T>[],
) => Promise<HandlerResult | void>;

/** Opens a transaction (DataSource.transaction). */
export type Transact = <R>(work: (tx: EntityManager) => Promise<R>) => Promise<R>;

export interface EventApplierOptions<T extends EventType> {
  handle: EventHandler<T>;
  /** Events one transaction takes at most. */
  maxEventsPerTransaction: number;
  /** Transactions at once (group commit across partitions consumed at the same time). */
  transactionsAtOnce: number;
}

/** An event that will not be applied, and why. */
export interface FailedEvent {
  event: InboundEvent;
  reason: RejectionReason;
  errorClass?: string;
}

/** What became of a batch's events: each applied, recognised as a duplicate, or failed with a reason. */
export interface ApplyOutcome {
  applied: number;
  duplicates: number;
  failed: FailedEvent[];
}

/** Transient failures in a row that isolate mode retries one event through before giving it up. */
const ISOLATED_ATTEMPTS = 3;

/**
 * Applies events exactly once: in each transaction the inbox claims the events' (source, id) first, the
 * handler applies the ones claimed for the first time, and the claims of the ones it refuses are released
 * again, all committed together. A failure that is not transient is narrowed down by halving the events
 * until the ones that fail alone are known: they fail with their error's class, the rest are applied. A
 * transient failure is thrown, for the caller to retry the whole batch later (what was committed meanwhile
 * is recognised as duplicates then).
 */
export class EventApplier<T extends EventType> {
  private readonly logger = new Logger(EventApplier.name);
  private readonly groups: TransactionGroups<Inbound<T>[], ApplyOutcome>;

  constructor(
    private readonly transact: Transact,
    private readonly options: EventApplierOptions<T>,
  ) {
    this.groups = new TransactionGroups(
      (jobs) => this.applyTogether(jobs),
      (job) => job.length,
      { groupsAtOnce: options.transactionsAtOnce, maxItemsPerGroup: options.maxEventsPerTransaction },
      (error) => !classifyFailure(error).transient,
    );
  }

  /**
   * Applies the events in order, in transactions of at most maxEventsPerTransaction (grouped with other
   * batches'). `isolate`: each event alone, a transient failure retried a few times and then given up with
   * RETRIES_EXHAUSTED (for a batch whose retry budget is spent while the service's dependencies answer).
   */
  async apply(events: Inbound<T>[], mode: 'grouped' | 'isolate', between: () => Promise<void>): Promise<ApplyOutcome> {
    const total: ApplyOutcome = { applied: 0, duplicates: 0, failed: [] };
    if (mode === 'isolate') {
      for (const event of events) {
        add(total, await this.applyIsolated(event));
        await between();
      }
      return total;
    }
    for (let start = 0; start < events.length; start += this.options.maxEventsPerTransaction) {
      const chunk = events.slice(start, start + this.options.maxEventsPerTransaction);
      try {
        add(total, await this.groups.submit(chunk));
      } catch (error) {
        if (classifyFailure(error).transient) throw error;
        add(total, await this.bisect(chunk, between));
      }
      await between();
    }
    return total;
  }

  /** Applies `events` in halves until the events that fail alone are found; transient failures are thrown. */
  private async bisect(events: Inbound<T>[], between: () => Promise<void>): Promise<ApplyOutcome> {
    try {
      return await this.applyAlone(events);
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.transient) throw error;
      if (events.length === 1) return failedAlone(events[0], error, failure.errorClass);
      const half = Math.ceil(events.length / 2);
      const first = await this.bisect(events.slice(0, half), between);
      await between();
      return add(first, await this.bisect(events.slice(half), between));
    }
  }

  private async applyIsolated(event: Inbound<T>): Promise<ApplyOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.applyAlone([event]);
      } catch (error) {
        const failure = classifyFailure(error);
        if (!failure.transient) return failedAlone(event, error, failure.errorClass);
        if (attempt >= ISOLATED_ATTEMPTS) {
          return {
            applied: 0,
            duplicates: 0,
            failed: [
              {
                event,
                errorClass: failure.errorClass,
                reason: {
                  code: RejectionCodes.RETRIES_EXHAUSTED,
                  message: `applying the event kept failing with a transient error after the retry budget: ${describe(error)}`,
                },
              },
            ],
          };
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  private async applyAlone(events: Inbound<T>[]): Promise<ApplyOutcome> {
    const [outcome] = await this.applyTogether([events]);
    return outcome;
  }

  /** One transaction for the jobs' events; an outcome per job. */
  private async applyTogether(jobs: Inbound<T>[][]): Promise<ApplyOutcome[]> {
    const events = jobs.flat();
    // The transaction in its span: it records the span's context for the outbox rows it writes.
    const { outcomes, afterCommit } = await inTransactionSpan(events, () =>
      this.transact(async (tx) => {
        const fresh = await claimInInbox(
          tx,
          events.map((e) => ({ source: e.event.source, id: e.event.id })),
          events.map((e) => e.topic),
        );
        const toApply = events.filter((_, i) => fresh[i]);
        const result = toApply.length > 0 ? await this.options.handle(tx, toApply) : undefined;
        const refusals = result?.refused ?? [];
        const refused = new Map<InboundEvent, Refusal>(refusals.map((r) => [r.event, r]));
        await releaseFromInbox(
          tx,
          refusals.map((r) => ({ source: r.event.event.source, id: r.event.event.id })),
        );
        let next = 0;
        const perJob = jobs.map((job) => {
          const outcome: ApplyOutcome = { applied: 0, duplicates: 0, failed: [] };
          for (const event of job) {
            const isFresh = fresh[next++];
            const refusal = refused.get(event);
            if (!isFresh) outcome.duplicates++;
            else if (refusal) {
              outcome.failed.push({
                event,
                reason: { code: refusal.code ?? RejectionCodes.REFUSED, message: refusal.reason },
              });
            } else outcome.applied++;
          }
          return outcome;
        });
        return { outcomes: perJob, afterCommit: result?.afterCommit };
      }),
    );
    if (afterCommit) {
      try {
        afterCommit();
      } catch (error) {
        // Committed is committed: a failing follow-up (a live-stream push) must not make it look failed.
        this.logger.error({ msg: 'after-commit step failed', err: error });
      }
    }
    return outcomes;
  }
}

function failedAlone(event: InboundEvent, error: unknown, errorClass: string): ApplyOutcome {
  return {
    applied: 0,
    duplicates: 0,
    failed: [
      {
        event,
        errorClass,
        reason: { code: RejectionCodes.PROCESSING_FAILED, message: `applying the event failed: ${describe(error)}` },
      },
    ],
  };
}

function add(total: ApplyOutcome, more: ApplyOutcome): ApplyOutcome {
  total.applied += more.applied;
  total.duplicates += more.duplicates;
  total.failed.push(...more.failed);
  return total;
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string } | null;
  return shorten(`${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`, 500);
}
