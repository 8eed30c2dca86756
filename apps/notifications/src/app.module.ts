import { Module } from '@nestjs/common';
import { ServiceTopics } from '@dxhub/contracts';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { KafkaConfig, MessagingModule, OutboxRelayModule } from '@dxhub/messaging';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { CreateNotificationsSchema1764230400000 } from './database/migrations/1764230400000-CreateNotificationsSchema';
import { NOTIFICATIONS_SCHEMA } from './database/notifications-schema';

/** Every setting the notifications service reads, validated together at boot. */
export const NOTIFICATIONS_CONFIG = [HttpConfig, DatabaseConfig, KafkaConfig];

@Module({
  imports: [
    ConfigModule.forRoot(NOTIFICATIONS_CONFIG),
    ObservabilityModule.forService('notifications'),
    DatabaseModule.forService({
      schema: NOTIFICATIONS_SCHEMA,
      migrations: [CreateNotificationsSchema1764230400000],
      applicationName: 'dxhub-notifications',
    }),
    MessagingModule.forService('dxhub-notifications'),
    OutboxRelayModule.forTopics([ServiceTopics.NOTIFICATIONS_EVENTS]),
  ],
})
export class NotificationsAppModule {}
