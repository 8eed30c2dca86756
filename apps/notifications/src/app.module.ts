import { AuditModule } from '@dxhub/audit';
import { Module } from '@nestjs/common';
import { ServiceTopics } from '@dxhub/contracts';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { KafkaConfig, MessagingModule, OutboxRelayModule } from '@dxhub/messaging';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { ChannelsModule } from './channels/channels.module';
import { NotificationsConfig } from './config/notifications.config';
import { CreateNotificationsSchema1764230400000 } from './database/migrations/1764230400000-CreateNotificationsSchema';
import { CreateNotificationTables1764403200000 } from './database/migrations/1764403200000-CreateNotificationTables';
import { RejectionLog1764700000000 } from './database/migrations/1764700000000-RejectionLog';
import { InboxFromStoredEvents1764700000001 } from './database/migrations/1764700000001-InboxFromStoredEvents';
import { SecurityLimits1764900000000 } from './database/migrations/1764900000000-SecurityLimits';
import { OutboxTraceContext1765000000000 } from './database/migrations/1765000000000-OutboxTraceContext';
import { NOTIFICATIONS_SCHEMA } from './database/notifications-schema';
import { DeliveryModule } from './delivery/delivery.module';
import { InboxModule } from './inbox/inbox.module';
import { NoticesModule } from './notices/notices.module';
import { SubscribersModule } from './subscribers/subscribers.module';

/** Every setting the notifications service reads, validated together at boot. */
export const NOTIFICATIONS_CONFIG = [HttpConfig, DatabaseConfig, KafkaConfig, NotificationsConfig];

@Module({
  imports: [
    // The features, lowest first (listed before the platform's modules, so the OpenAPI document lists
    // their operations first, as it always has): notices ← inbox, subscribers ← channels ← delivery (rules/ and preferences/ are
    // plain code every feature may read; they provide nothing).
    NoticesModule,
    InboxModule,
    SubscribersModule,
    ChannelsModule,
    DeliveryModule,
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
})
export class NotificationsAppModule {}
