/** Everything a channel needs to send one notice. */
export interface OutboundMessage {
  noticeId: string;
  /** `<event source>|<event id>|<recipient>|<channel>`: the same for every try, so receivers can dedupe. */
  idempotencyKey: string;
  recipient: string;
  agencyCode: string;
  address: string | null;
  locale: 'vi' | 'en';
  subject: string;
  body: string;
  rule: string;
  severity: string;
  eventType: string;
  eventSource: string;
  eventId: string;
  data: Record<string, unknown>;
  createdAt: Date;
  attempt: number;
}

/**
 * A way to reach someone. Implement it and register the class in ChannelsModule's CHANNELS list to
 * add a provider (a Zalo OA, an SMS gateway): the delivery worker retries, dead-letters and falls back to
 * the next channel without knowing what the channel is.
 */
export interface NotificationChannel {
  readonly name: string;
  /** Resolves when the provider accepted the message; throws (ChannelError to say whether to retry) otherwise. */
  send(message: OutboundMessage): Promise<void>;
  /** Called once the delivery is recorded as sent (committed), e.g. to push it to live listeners. */
  delivered?(message: OutboundMessage): void;
}

/** Injection token of the registered channels. */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
