import type { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { pruneRejectionLog } from './rejection-log';

/** How often the rejection log's old rows are deleted. */
const PRUNE_INTERVAL_MS = 60 * 60_000;

/**
 * Keeps the rejection log to REJECTION_LOG_RETENTION_DAYS: at start and then hourly, older rows are deleted.
 * Every replica and consumer may do it; the delete is idempotent and uses the log's time index.
 */
export class RejectionLogRetention {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly keepDays: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = true;
    void this.prune();
    this.timer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    this.running = false;
    clearInterval(this.timer);
  }

  /** A failure is logged and tried again at the next round. */
  private async prune(): Promise<void> {
    try {
      const deleted = await pruneRejectionLog(this.dataSource, this.keepDays);
      if (deleted > 0) this.logger.log({ msg: 'pruned the rejection log', deleted, keepDays: this.keepDays });
    } catch (error) {
      if (this.running) this.logger.warn({ msg: 'could not prune the rejection log', err: error });
    }
  }
}
