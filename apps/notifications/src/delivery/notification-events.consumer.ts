import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EventType } from '@dxhub/contracts';
import { EventConsumer, type HandlerResult, type Inbound, KafkaGateway } from '@dxhub/messaging';
import { counter } from '@dxhub/observability';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationsConfig } from '../config/notifications.config';
import { Clock } from '@dxhub/calendar';
import { CONSUMED_EVENT_TYPES, CONSUMED_TOPICS } from '../rules/consumed-events';
import { ruleFor } from '../rules/notification-rules';
import { SubscribersService } from '../subscribers/subscribers.service';
import { DeliveryWorker } from './delivery.worker';
import type { NoticeRow } from '../notices/notice-row';
import { planNotices } from './notice-planner';
import { NoticesRepository } from '../notices/notices.repository';

const planned = counter('dx_notifications_notices_total', 'Notices created, by rule and channel', ['rule', 'channel']);

/**
 * The rules engine: consumes the task, indicator and reporting events that have a rule (each checked against
 * its contract class by the pipeline), turns each into notices for its recipients and channels, and inserts
 * them in the pipeline's transaction, with the event's inbox claim: a re-delivered event inserts nothing, so
 * nothing is sent twice.
 */
@Injectable()
export class NotificationEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationEventsConsumer.name);
  private readonly consumer: EventConsumer<EventType>;

  constructor(
    gateway: KafkaGateway,
    // The pipeline opens each batch's transaction on it; the handler's statements are the repositories'.
    @Inject(DataSource) dataSource: DataSource,
    private readonly settings: NotificationsConfig,
    private readonly notices: NoticesRepository,
    private readonly directory: SubscribersService,
    private readonly worker: DeliveryWorker,
    private readonly clock: Clock,
  ) {
    this.consumer = new EventConsumer(gateway, dataSource, {
      groupId: settings.NOTIFICATIONS_CONSUMER_GROUP,
      topics: async () => [...CONSUMED_TOPICS],
      accepts: CONSUMED_EVENT_TYPES,
      // The topics carry many types; the ones without a rule are not for the rules engine.
      otherTypes: 'skip',
      publishers: 'services',
      handle: (tx, events) => this.handleEvents(tx, events),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
    this.logger.log({ msg: 'rules consumer stopped' });
  }

  async handleEvents(tx: EntityManager, events: Inbound<EventType>[]): Promise<HandlerResult> {
    const rows = await this.plan(
      events.map((e) => ({
        source: e.event.source,
        id: e.event.id,
        type: e.type,
        // The rules read the payload's fields by name (their templates and recipient specs).
        data: { ...e.event.data } as Record<string, unknown>,
      })),
    );
    const inserted = await this.notices.insert(rows, tx);
    return {
      afterCommit: () => {
        for (const r of rows) planned.inc({ rule: r.rule, channel: r.channel });
        if (inserted > 0) this.worker.poke();
      },
    };
  }

  /** The notices a batch of events gives (before deduplication against the table). */
  async plan(
    events: { source: string; id: string; type: string; data: Record<string, unknown> }[],
  ): Promise<NoticeRow[]> {
    const directory = await this.directory.snapshot();
    const ctx = {
      now: this.clock.now(),
      maxAttempts: this.settings.DELIVERY_MAX_ATTEMPTS,
      offsetMinutes: this.settings.LOCAL_UTC_OFFSET_MINUTES,
      available: this.worker.channelNames(),
      publicUrls: {
        indicators: this.settings.INDICATORS_PUBLIC_URL,
        tasks: this.settings.TASKS_PUBLIC_URL,
        reporting: this.settings.REPORTING_PUBLIC_URL,
      },
      ...directory,
    };
    const rows: NoticeRow[] = [];
    for (const event of events) {
      const rule = ruleFor(event.type);
      if (rule) rows.push(...planNotices(event, rule, ctx));
    }
    return rows;
  }
}
