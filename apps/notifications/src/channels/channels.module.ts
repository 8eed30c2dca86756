import { Module } from '@nestjs/common';
import { InboxModule } from '../inbox/inbox.module';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { EmailChannel } from './email.channel';
import { InboxChannel } from './inbox.channel';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './notification-channel';
import { WebhookChannel } from './webhook.channel';

/** The channel providers; a Zalo OA or SMS provider is one more class implementing NotificationChannel here. */
const CHANNELS = [InboxChannel, EmailChannel, WebhookChannel];

/** The ways to reach someone, offered to the delivery worker as one list (NOTIFICATION_CHANNELS). */
@Module({
  imports: [InboxModule, SubscribersModule],
  providers: [
    ...CHANNELS,
    { provide: NOTIFICATION_CHANNELS, useFactory: (...channels: NotificationChannel[]) => channels, inject: CHANNELS },
  ],
  exports: [NOTIFICATION_CHANNELS],
})
export class ChannelsModule {}
