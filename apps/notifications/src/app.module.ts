import { StreamAdmissionGuard, StreamGate } from '@dxhub/http';
import { AuditModule } from '@dxhub/audit';
import { Module } from '@nestjs/common';
import { ServiceTopics } from '@dxhub/contracts';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { KafkaConfig, MessagingModule, OutboxRelayModule } from '@dxhub/messaging';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { EmailChannel } from './channels/email.channel';
import { InboxChannel } from './channels/inbox.channel';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './channels/notification-channel';
import { WebhookChannel } from './channels/webhook.channel';
import { Clock } from '@dxhub/calendar';
import { NotificationsConfig } from './config/notifications.config';
import { CreateNotificationsSchema1764230400000 } from './database/migrations/1764230400000-CreateNotificationsSchema';
import { CreateNotificationTables1764403200000 } from './database/migrations/1764403200000-CreateNotificationTables';
import { RejectionLog1764700000000 } from './database/migrations/1764700000000-RejectionLog';
import { InboxFromStoredEvents1764700000001 } from './database/migrations/1764700000001-InboxFromStoredEvents';
import { SecurityLimits1764900000000 } from './database/migrations/1764900000000-SecurityLimits';
import { OutboxTraceContext1765000000000 } from './database/migrations/1765000000000-OutboxTraceContext';
import { NOTIFICATIONS_SCHEMA } from './database/notifications-schema';
import { DeliveriesController } from './delivery/deliveries.controller';
import { DeliveryWorker } from './delivery/delivery.worker';
import { DigestService } from './delivery/digest.service';
import { NoticesRepository } from './delivery/notices.repository';
import { NotificationEventsConsumer } from './delivery/notification-events.consumer';
import { InboxController } from './inbox/inbox.controller';
import { InboxHub } from './inbox/inbox.hub';
import { InboxRepository } from './inbox/inbox.repository';
import { PreferencesController } from './preferences/preferences.controller';
import { SubscribersController } from './subscribers/subscribers.controller';
import { SubscribersService } from './subscribers/subscribers.service';

/** Every setting the notifications service reads, validated together at boot. */
export const NOTIFICATIONS_CONFIG = [HttpConfig, DatabaseConfig, KafkaConfig, NotificationsConfig];

/** The channel providers; a Zalo OA or SMS provider is one more class implementing NotificationChannel here. */
const CHANNELS = [InboxChannel, EmailChannel, WebhookChannel];

@Module({
  imports: [
    ConfigModule.forRoot(NOTIFICATIONS_CONFIG),
    ObservabilityModule.forService('notifications'),
    DatabaseModule.forService({
      schema: NOTIFICATIONS_SCHEMA,
      migrations: [
        CreateNotificationsSchema1764230400000,
        CreateNotificationTables1764403200000,
        RejectionLog1764700000000,
        InboxFromStoredEvents1764700000001,
        SecurityLimits1764900000000,
        OutboxTraceContext1765000000000,
      ],
      applicationName: 'dxhub-notifications',
    }),
    MessagingModule.forService('dxhub-notifications'),
    OutboxRelayModule.forTopics([ServiceTopics.NOTIFICATIONS_EVENTS]),
    AuditModule,
  ],
  controllers: [InboxController, PreferencesController, SubscribersController, DeliveriesController],
  providers: [
    StreamGate,
    StreamAdmissionGuard,
    Clock,
    InboxHub,
    InboxRepository,
    ...CHANNELS,
    { provide: NOTIFICATION_CHANNELS, useFactory: (...channels: NotificationChannel[]) => channels, inject: CHANNELS },
    SubscribersService,
    NoticesRepository,
    DeliveryWorker,
    DigestService,
    NotificationEventsConsumer,
  ],
})
export class NotificationsAppModule {}
