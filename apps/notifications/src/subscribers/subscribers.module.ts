import { Module } from '@nestjs/common';
import { ClockModule } from '@dxhub/calendar';
import { NotificationsConfig } from '../config/notifications.config';
import { NoticesModule } from '../notices/notices.module';
import { PreferencesController } from './preferences.controller';
import { SubscribersController } from './subscribers.controller';
import { SubscribersRepository } from './subscribers.repository';
import { SubscribersService } from './subscribers.service';
import { WebhookTargetPolicy } from './webhook-target';

/**
 * The directory: people (subscribers, their preferences) and agencies' settings (webhook, contact, defaults). Other
 * features read it through SubscribersService, and check webhook targets with the same WebhookTargetPolicy that
 * accepted them here.
 */
@Module({
  imports: [ClockModule, NoticesModule],
  controllers: [PreferencesController, SubscribersController],
  providers: [
    SubscribersRepository,
    SubscribersService,
    {
      provide: WebhookTargetPolicy,
      useFactory: (config: NotificationsConfig) =>
        new WebhookTargetPolicy({ allowHttp: config.webhookAllowsHttp(), allowed: config.WEBHOOK_ALLOWED_TARGETS }),
      inject: [NotificationsConfig],
    },
  ],
  exports: [SubscribersService, WebhookTargetPolicy],
})
export class SubscribersModule {}
