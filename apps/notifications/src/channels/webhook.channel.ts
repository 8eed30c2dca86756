import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationsConfig } from '../config/notifications.config';
import { ChannelError } from './channel.error';
import type { NotificationChannel, OutboundMessage } from './notification-channel';
import { signWebhook } from './webhook-signature';

/**
 * POSTs the notice as JSON to the agency's URL, signed (X-DX-Signature, see webhook-signature.ts and
 * docs/webhooks.md). 2xx is delivered; 408, 429 and 5xx are retried; other 4xx are permanent.
 */
@Injectable()
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook';

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: NotificationsConfig,
  ) {}

  async send(m: OutboundMessage): Promise<void> {
    // URL and secret are read at send time, so a corrected URL or a rotated secret applies to retries too.
    const [target] = (await this.dataSource.query(
      `SELECT webhook_url AS url, webhook_secret AS secret FROM agency_settings WHERE agency_code = $1 AND webhook_url IS NOT NULL`,
      [m.agencyCode],
    )) as { url: string; secret: string }[];
    if (!target) throw new ChannelError(`agency ${m.agencyCode} has no webhook`, true);
    const body = JSON.stringify({
      id: m.idempotencyKey,
      noticeId: m.noticeId,
      rule: m.rule,
      severity: m.severity,
      agency: m.agencyCode,
      subject: m.subject,
      text: m.body,
      locale: m.locale,
      event: { type: m.eventType, source: m.eventSource, id: m.eventId, data: m.data },
      createdAt: m.createdAt.toISOString(),
    });
    // Wall-clock time, not the injectable business clock: receivers check freshness against theirs.
    const t = Math.floor(Date.now() / 1000);
    let res: Response;
    try {
      res = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'dxhub-notifications',
          'x-dx-signature': signWebhook(target.secret, body, t),
          'x-dx-delivery-id': m.idempotencyKey,
          'x-dx-attempt': String(m.attempt),
        },
        body,
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
        redirect: 'manual',
      });
      await res.arrayBuffer().catch(() => undefined);
    } catch (error) {
      throw new ChannelError(`webhook: ${(error as Error).message}`);
    }
    if (res.status >= 200 && res.status < 300) return;
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    throw new ChannelError(`webhook answered ${res.status}`, !retryable);
  }
}
