import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { counter } from '@dxhub/observability';
import { NotificationsConfig } from '../config/notifications.config';
import { Clock } from '@dxhub/calendar';
import { ChannelError } from '../channels/channel.error';
import {
  NOTIFICATION_CHANNELS,
  type NotificationChannel,
  type OutboundMessage,
} from '../channels/notification-channel';
import { NewNoticesSignal } from '../notices/new-notices.signal';
import { type ClaimedNotice, NoticesRepository, type SendOutcome } from '../notices/notices.repository';
import { NOTIFICATION_RULES, SETTINGS_CHANGED_RULE } from '../rules/notification-rules';
import { backoffMs } from './backoff';

const sends = counter('dx_notifications_sends_total', 'Notice sends by channel and outcome', ['channel', 'outcome']);

/** Rules the queue knows, digests and settings notices included: each gets its share of every claim. */
export const QUEUE_RULES = [...NOTIFICATION_RULES.map((r) => r.id), 'digest', SETTINGS_CHANGED_RULE];

/**
 * Sends due notices: claims a fair share per rule (FOR UPDATE SKIP LOCKED, so replicas share the queue),
 * sends through the notice's channel, and records the outcome: sent; retried after exponential backoff
 * with jitter; or, after the last try (or a permanent refusal), failed (the dead letter, visible at
 * GET /v1/deliveries?status=failed) with the next channel of its fallback chain started.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly channels: Map<string, NotificationChannel>;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly notices: NoticesRepository,
    private readonly config: NotificationsConfig,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_CHANNELS) channels: NotificationChannel[],
    newNotices: NewNoticesSignal,
  ) {
    this.channels = new Map(channels.map((c) => [c.name, c]));
    newNotices.listen(() => this.poke());
  }

  channelNames(): Set<string> {
    return new Set(this.channels.keys());
  }

  onApplicationBootstrap(): void {
    if (!this.config.DELIVERY_WORKER_ENABLED) return;
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** New notices are waiting: skip the rest of the idle wait. */
  poke(): void {
    this.wake?.();
  }

  /** One round: claim, send, record. Returns how many notices it handled (tests and the bench call it too). */
  async runOnce(): Promise<number> {
    const claimed = await this.notices.claim(
      QUEUE_RULES,
      this.clock.now(),
      this.config.DELIVERY_CLAIM_PER_RULE,
      this.config.DELIVERY_LEASE_MS,
    );
    if (claimed.length === 0) return 0;
    const outcomes: SendOutcome[] = new Array(claimed.length);
    const messages = claimed.map((n) => this.message(n));
    let next = 0;
    const lane = async () => {
      while (next < claimed.length) {
        const i = next++;
        outcomes[i] = await this.sendOne(claimed[i], messages[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.config.DELIVERY_CONCURRENCY, claimed.length) }, lane));
    await this.notices.record(outcomes, this.clock.now());
    outcomes.forEach((o, i) => {
      if (o.status === 'sent') this.channels.get(claimed[i].channel)?.delivered?.(messages[i]);
    });
    return claimed.length;
  }

  private message(n: ClaimedNotice): OutboundMessage {
    return {
      noticeId: n.id,
      idempotencyKey: `${n.event_source}|${n.event_id}|${n.recipient}|${n.channel}`,
      recipient: n.recipient,
      agencyCode: n.agency_code,
      address: n.address,
      locale: n.locale,
      subject: n.subject,
      body: n.body,
      rule: n.rule,
      severity: n.severity,
      eventType: n.event_type,
      eventSource: n.event_source,
      eventId: n.event_id,
      data: n.data,
      createdAt: new Date(n.created_at),
      attempt: n.attempts,
    };
  }

  private async sendOne(n: ClaimedNotice, message: OutboundMessage): Promise<SendOutcome> {
    const channel = this.channels.get(n.channel);
    try {
      if (!channel) throw new ChannelError(`no provider for channel ${n.channel}`, true);
      await channel.send(message);
      sends.inc({ channel: n.channel, outcome: 'sent' });
      return { id: n.id, status: 'sent', nextAttemptAt: null, error: null };
    } catch (error) {
      // A channel's failure is recorded by its category first (what the agency can act on), then its sentence.
      const message =
        error instanceof ChannelError && error.category !== 'channel-error'
          ? `${error.category}: ${error.message}`
          : ((error as Error).message ?? String(error));
      const permanent = error instanceof ChannelError && error.permanent;
      if (permanent || n.attempts >= n.max_attempts) {
        sends.inc({ channel: n.channel, outcome: 'failed' });
        this.logger.warn({
          msg: 'delivery failed for good',
          noticeId: n.id,
          channel: n.channel,
          attempts: n.attempts,
          err: message,
        });
        return { id: n.id, status: 'failed', nextAttemptAt: null, error: `attempt ${n.attempts}: ${message}` };
      }
      sends.inc({ channel: n.channel, outcome: 'retry' });
      const delay = backoffMs(n.attempts, this.config.DELIVERY_BACKOFF_BASE_MS, this.config.DELIVERY_BACKOFF_MAX_MS);
      return {
        id: n.id,
        status: 'pending',
        nextAttemptAt: new Date(this.clock.now().getTime() + delay).toISOString(),
        error: `attempt ${n.attempts}: ${message}`,
      };
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let handled = 0;
      try {
        handled = await this.runOnce();
      } catch (error) {
        this.logger.error({ msg: 'delivery round failed', err: error });
      }
      if (handled === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.config.DELIVERY_POLL_MS);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }
}
