import type { DataSource, EntityManager } from 'typeorm';
import { tryTransactionLock } from './database-session.repository';

/** What an exclusive run returned, or that another holder of the lock ran instead. */
export type ExclusiveRun<T> = { skipped: true } | { skipped: false; result: T };

/**
 * Runs `work` in one transaction that holds a transaction-level advisory lock on `lockName`, without waiting: when
 * another replica holds it, nothing runs (`skipped`). The lock goes with the transaction, so a crashed holder never
 * keeps it. Scheduled scans use it so replicas take turns rather than all firing the same reminders.
 */
export async function runExclusively<T>(
  dataSource: DataSource,
  lockName: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<ExclusiveRun<T>> {
  return dataSource.transaction(async (m) => {
    if (!(await tryTransactionLock(m, lockName))) return { skipped: true } as const;
    return { skipped: false, result: await work(m) } as const;
  });
}

/** What one round of a queue drain did: items taken off the queue, and how many of them changed something. */
export interface DrainRound {
  taken: number;
  changed: number;
}

/**
 * Works a queue table off in rounds, each one transaction under `lockName` (runExclusively): `round` takes at
 * most `batchSize` items and handles them in that transaction, so a crash puts them back. Rounds follow while
 * they come back full. Returns the totals; nothing when another replica holds the lock.
 */
export async function drainExclusively(
  dataSource: DataSource,
  lockName: string,
  batchSize: number,
  round: (manager: EntityManager) => Promise<DrainRound>,
): Promise<DrainRound> {
  const total: DrainRound = { taken: 0, changed: 0 };
  for (;;) {
    const run = await runExclusively(dataSource, lockName, round);
    if (run.skipped) return total;
    total.taken += run.result.taken;
    total.changed += run.result.changed;
    if (run.result.taken < batchSize) return total;
  }
}

/**
 * Calls `run` every `intervalMs` in the background, never two calls at a time (a tick while one runs is skipped);
 * `stop()` clears the timer and waits for the call in flight. A failed call is reported to `onError` and the next
 * tick tries again. An interval of 0 or less never starts.
 */
export class PeriodicJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.run()
        .then(() => undefined)
        .catch(this.onError)
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
