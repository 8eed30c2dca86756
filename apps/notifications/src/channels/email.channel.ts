import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { NotificationsConfig } from '../config/notifications.config';
import { ChannelError } from './channel.error';
import type { NotificationChannel, OutboundMessage } from './notification-channel';

const FOOTER: Record<'vi' | 'en', string> = {
  vi: '—\nDX Hub · Chương trình chuyển đổi số tỉnh. Đổi cách nhận thông báo: PUT /v1/preferences.',
  en: '—\nDX Hub · provincial digital-transformation programme. Change how you are notified: PUT /v1/preferences.',
};

/** E-mail over SMTP (nodemailer), UTF-8 text; the Message-ID is derived from the notice, so retries keep it. */
@Injectable()
export class EmailChannel implements NotificationChannel, OnModuleDestroy {
  readonly name = 'email';
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(private readonly config: NotificationsConfig) {
    this.transport = createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } : undefined,
      pool: true,
      maxConnections: 5,
      connectionTimeout: 10000,
      greetingTimeout: 10000,
      socketTimeout: 20000,
    });
    this.domain = /@([^>\s]+)/.exec(config.SMTP_FROM)?.[1] ?? 'dxhub.local';
  }

  async send(m: OutboundMessage): Promise<void> {
    if (!m.address) throw new ChannelError('no e-mail address', true);
    try {
      await this.transport.sendMail({
        from: this.config.SMTP_FROM,
        to: m.address,
        subject: m.subject,
        text: `${m.body}\n\n${FOOTER[m.locale]}\n`,
        messageId: `<notice-${m.noticeId}@${this.domain}>`,
        headers: {
          'X-DX-Notice-Id': m.noticeId,
          'X-DX-Rule': m.rule,
          'X-DX-Severity': m.severity,
          'X-DX-Idempotency-Key': m.idempotencyKey,
          'Content-Language': m.locale,
        },
      });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // 5xx from the server is a refusal (bad mailbox, policy); anything else may pass on a later try.
      throw new ChannelError(
        `SMTP: ${(error as Error).message}`,
        typeof code === 'number' && code >= 500 && code < 600 && code !== 552,
      );
    }
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
