import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { ClockModule } from '@dxhub/calendar';
import { NoticesModule } from '../notices/notices.module';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveryWorker } from './delivery.worker';
import { DigestService } from './digest.service';
import { NotificationEventsConsumer } from './notification-events.consumer';

/**
 * From event to sent notice: the rules consumer plans notices for the directory's people and agencies, the worker
 * sends them through the channels with retries and fallbacks, the digest gathers held e-mails once a day, and
 * operators see and re-drive deliveries. Nothing here is used by another feature.
 */
@Module({
  imports: [ClockModule, NoticesModule, SubscribersModule, ChannelsModule],
  controllers: [DeliveriesController],
  providers: [DeliveryWorker, DigestService, NotificationEventsConsumer],
})
export class DeliveryModule {}
