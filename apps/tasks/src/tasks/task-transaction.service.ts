import { Inject, Injectable } from '@nestjs/common';
import { auditRequestIn } from '@dxhub/audit';
import { Clock } from '@dxhub/calendar';
import { appendToOutbox, type OutboxEvent, OutboxRelayService } from '@dxhub/messaging';
import { DataSource, type EntityManager } from 'typeorm';

/** A change's work: its result and the events it commits with it. */
export type TaskWork<T> = (tx: EntityManager, at: Date) => Promise<{ events: OutboxEvent[]; result: T }>;

/**
 * Every change of the programme as one transaction: the rows, the events (outbox) and, for REST, the audit entry
 * of the request; then the outbox relay is woken.
 */
@Injectable()
export class TaskTransactionService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly relay: OutboxRelayService,
    private readonly clock: Clock,
  ) {}

  /** Runs `work` in one transaction with its events in the outbox, then wakes the relay. */
  async write<T>(work: TaskWork<T>): Promise<T> {
    const at = this.clock.now();
    const { events, result } = await this.dataSource.transaction(async (m) => {
      const out = await work(m, at);
      await appendToOutbox(m, out.events);
      // A REST write's audit row commits with its change (a consumer's call records nothing here).
      await auditRequestIn(m);
      return out;
    });
    if (events.length > 0) this.relay.nudge();
    return result;
  }

  /** Tells the outbox relay that a transaction it did not open (a consumer's) committed events. */
  committed(): void {
    this.relay.nudge();
  }
}
