import type { Clock } from '@dxhub/calendar';
import type { EventType, RejectingService } from '@dxhub/contracts';
import type { EventHandler } from './event-applier';
import type { Publishers } from './record-inspector';

/** What an EventConsumer consumes, how it checks and applies it, and how hard it pushes. */
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
  /** The time a batch is received at (its events' receivedAt, its refusals' and letters' time). Default: the system clock. */
  clock?: Clock;
}
