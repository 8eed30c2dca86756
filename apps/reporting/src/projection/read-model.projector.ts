import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventTypes, ServiceTopics } from '@dxhub/contracts';
import { BatchConsumer, type InboundEvent, KafkaGateway, type Rejection } from '@dxhub/messaging';
import { DataSource } from 'typeorm';
import { ReportingConfig } from '../config/reporting.config';
import { LiveUpdatesService } from './live-updates.service';
import { applyIndicatorsEvents } from './read-model.projection';
import { applyTaskEvents, TASK_EVENT_TYPES } from './tasks.projection';

/** The event types of dx.indicators.events the read models are built from. */
export const PROJECTED_EVENT_TYPES = [
  EventTypes.INDICATOR_AGGREGATES_UPDATED,
  // No longer published; the topic's history holds them.
  EventTypes.INDICATOR_AGGREGATE_UPDATED,
  EventTypes.INDICATOR_AGGREGATE_APPROVED,
  EventTypes.INDICATOR_DEFINED,
  EventTypes.ORG_UNIT_DEFINED,
];

/**
 * Projects dx.indicators.events (aggregates, the catalogue, the hierarchy) into the read models in one
 * transaction per batch, then tells the live streams what changed. The projection itself is
 * order-insensitive (see applyIndicatorsEvents), so a replay from the beginning ends in the same state.
 */
@Injectable()
export class ReadModelProjector implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReadModelProjector.name);
  private readonly consumer: BatchConsumer;
  private readonly tasksConsumer: BatchConsumer;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    gateway: KafkaGateway,
    config: ReportingConfig,
    private readonly live: LiveUpdatesService,
  ) {
    this.consumer = new BatchConsumer(gateway, {
      groupId: config.AGGREGATES_CONSUMER_GROUP,
      topics: async () => [ServiceTopics.INDICATORS_EVENTS],
      accepts: PROJECTED_EVENT_TYPES,
      // Other services' event types on the topic are theirs to read, not errors.
      otherTypes: 'skip',
      handle: (events) => this.handleIndicatorsEvents(events),
    });
    this.tasksConsumer = new BatchConsumer(gateway, {
      groupId: config.TASKS_CONSUMER_GROUP,
      topics: async () => [ServiceTopics.TASKS_EVENTS],
      accepts: TASK_EVENT_TYPES,
      otherTypes: 'skip',
      handle: (events) => this.handleTaskEvents(events),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
    await this.tasksConsumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
    await this.tasksConsumer.stop();
    this.logger.log({ msg: 'projector stopped' });
  }

  async handleIndicatorsEvents(events: InboundEvent[]): Promise<Rejection[]> {
    const projected = events.map((e) => ({ id: e.event.id, type: e.event.type, data: e.event.data }));
    const changed = await this.dataSource.transaction((manager) => applyIndicatorsEvents(manager, projected));
    if (changed.length > 0) this.live.publish({ kind: 'aggregates', aggregates: changed });
    const catalogueChanged = projected.some(
      (e) => e.type === EventTypes.INDICATOR_DEFINED || e.type === EventTypes.ORG_UNIT_DEFINED,
    );
    if (catalogueChanged) this.live.publish({ kind: 'catalogue' });
    return [];
  }

  async handleTaskEvents(events: InboundEvent[]): Promise<Rejection[]> {
    const projected = events.map((e) => ({ id: e.event.id, type: e.event.type, data: e.event.data }));
    await this.dataSource.transaction((manager) => applyTaskEvents(manager, projected));
    this.live.publish({ kind: 'tasks' });
    return [];
  }
}
