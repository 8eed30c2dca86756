import { Injectable } from '@nestjs/common';
import { InboxHub } from '../inbox/inbox.hub';
import type { NotificationChannel, OutboundMessage } from './notification-channel';

/** The in-app inbox: the notice row is the message; sending marks it visible and pushes it to live streams. */
@Injectable()
export class InboxChannel implements NotificationChannel {
  readonly name = 'inbox';

  constructor(private readonly hub: InboxHub) {}

  /** Nothing to transmit: the row is the message, and it shows once the worker records it as sent. */
  async send(): Promise<void> {}

  /** Live listeners hear of it only after it is committed, so a GET /v1/inbox that follows sees it. */
  delivered(m: OutboundMessage): void {
    this.hub.publish({
      recipient: m.recipient,
      agencyCode: m.agencyCode,
      item: {
        id: m.noticeId,
        rule: m.rule,
        severity: m.severity,
        subject: m.subject,
        body: m.body,
        eventType: m.eventType,
        data: m.data,
        createdAt: m.createdAt.toISOString(),
        readAt: null,
      },
    });
  }
}
