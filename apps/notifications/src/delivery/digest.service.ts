import { auditRequestIn } from '@dxhub/audit';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type HeldNotice, NoticesRepository } from '../notices/notices.repository';
import { NotificationsConfig } from '../config/notifications.config';
import { Clock } from '@dxhub/calendar';
import { localDate } from '../preferences/preferences';
import { DeliveryWorker } from './delivery.worker';

/** Digest notices are keyed on this source and the local date: one digest per recipient and day, however often the job runs. */
export const DIGEST_SOURCE = 'dxhub:notifications/digest';

const TITLE = {
  vi: (date: string, n: number) => `Tóm tắt thông báo ngày ${date.split('-').reverse().join('/')}: ${n} thông báo`,
  en: (date: string, n: number) => `Daily digest for ${date}: ${n} notices`,
};

/**
 * The daily digest: low-severity e-mails are held (status `held`) instead of sent; once a day, at
 * DIGEST_HOUR local time, each recipient's held notices become one e-mail (a notice of rule `digest`,
 * sent through the queue like any other) and are marked `digested` with its id.
 */
@Injectable()
export class DigestService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DigestService.name);
  private timer?: NodeJS.Timeout;
  private lastRun?: string;

  constructor(
    // Only to open the digest's transaction: every statement is the notices repository's.
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly notices: NoticesRepository,
    private readonly config: NotificationsConfig,
    private readonly clock: Clock,
    private readonly worker: DeliveryWorker,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.DIGEST_CHECK_MS === 0) return;
    this.timer = setInterval(() => {
      this.tick().catch((error: unknown) => this.logger.error({ msg: 'digest failed', err: error }));
    }, this.config.DIGEST_CHECK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    const now = this.clock.now();
    const today = localDate(now, this.config.LOCAL_UTC_OFFSET_MINUTES);
    const localHour = new Date(now.getTime() + this.config.LOCAL_UTC_OFFSET_MINUTES * 60000).getUTCHours();
    if (localHour < this.config.DIGEST_HOUR || this.lastRun === today) return;
    await this.run();
    this.lastRun = today;
  }

  /** Gathers every held notice up to now into one digest per recipient; returns the digests made. */
  async run(): Promise<{ date: string; digests: number; notices: number }> {
    const now = this.clock.now();
    const date = localDate(now, this.config.LOCAL_UTC_OFFSET_MINUTES);
    const result = await this.dataSource.transaction(async (m) => {
      const held = await this.notices.heldUpTo(m, now);
      const byRecipient = new Map<string, HeldNotice[]>();
      for (const row of held) byRecipient.set(row.recipient, [...(byRecipient.get(row.recipient) ?? []), row]);
      let digests = 0;
      let notices = 0;
      for (const [recipient, rows] of byRecipient) {
        const first = rows[0];
        const subject = TITLE[first.locale](date, rows.length);
        const body = rows.map((r, i) => `${i + 1}. ${r.subject}\n   ${r.body}`).join('\n\n');
        const digestId = await this.notices.insertDigest(m, {
          source: DIGEST_SOURCE,
          date,
          recipient,
          agencyCode: first.agency_code,
          address: first.address,
          locale: first.locale,
          subject,
          body,
          data: { date, notices: rows.map((r) => r.id) },
          maxAttempts: first.max_attempts,
          now,
        });
        // Already digested today (another replica, a second run): these wait for tomorrow's digest.
        if (digestId === undefined) continue;
        await this.notices.markDigested(
          m,
          digestId,
          rows.map((r) => r.id),
        );
        digests++;
        notices += rows.length;
      }
      // POST /v1/digests/run audits here; the daily timer's run is no request and records nothing.
      await auditRequestIn(m, { date, digests, notices });
      return { date, digests, notices };
    });
    if (result.digests > 0) {
      this.worker.poke();
      this.logger.log({ msg: 'digest made', ...result });
    }
    return result;
  }
}
