import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventTypes, ServiceTopics } from '@dxhub/contracts';
import { EventConsumer, type HandlerResult, type Inbound, KafkaGateway } from '@dxhub/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { ReportingConfig } from '../config/reporting.config';
import { LiveUpdatesService } from '../live-updates/live-updates.service';
import { applyIndicatorsEvents } from './read-model.projection';
import { applyTaskEvents, TASK_EVENT_TYPES, type TaskEventType } from './tasks.projection';

/** The event types of dx.indicators.events the read models are built from (the other types are skipped). */
export const PROJECTED_EVENT_TYPES = [
  EventTypes.INDICATOR_AGGREGATES_UPDATED,
  // No longer published; the topic's history holds them.
  EventTypes.INDICATOR_AGGREGATE_UPDATED,
  EventTypes.INDICATOR_AGGREGATE_APPROVED,
  EventTypes.INDICATOR_DEFINED,
  EventTypes.ORG_UNIT_DEFINED,
  EventTypes.OBLIGATION_PROGRESS_UPDATED,
  EventTypes.DTI_SCORE_UPDATED,
  EventTypes.INDICATOR_STANDINGS_UPDATED,
] as const;
export type ProjectedEventType = (typeof PROJECTED_EVENT_TYPES)[number];

/**
 * Projects dx.indicators.events (aggregates, standings, the catalogue, the hierarchy, obligation progress, the DTI
 * scores) and dx.tasks.events into the read
 * models, in the messaging pipeline's transaction per batch, then tells the live streams what changed. The
 * projections are order-insensitive (see applyIndicatorsEvents), so a replay from the beginning ends in the
 * same state.
 */
@Injectable()
export class ReadModelProjector implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReadModelProjector.name);
  private readonly consumer: EventConsumer<ProjectedEventType>;
  private readonly tasksConsumer: EventConsumer<TaskEventType>;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    gateway: KafkaGateway,
    config: ReportingConfig,
    private readonly live: LiveUpdatesService,
  ) {
    this.consumer = new EventConsumer(gateway, dataSource, {
      groupId: config.AGGREGATES_CONSUMER_GROUP,
      topics: async () => [ServiceTopics.INDICATORS_EVENTS],
      accepts: PROJECTED_EVENT_TYPES,
      // Other services' event types on the topic are theirs to read, not errors.
      otherTypes: 'skip',
      publishers: 'services',
      handle: (tx, events) => this.handleIndicatorsEvents(tx, events),
    });
    this.tasksConsumer = new EventConsumer(gateway, dataSource, {
      groupId: config.TASKS_CONSUMER_GROUP,
      topics: async () => [ServiceTopics.TASKS_EVENTS],
      accepts: TASK_EVENT_TYPES,
      otherTypes: 'skip',
      publishers: 'services',
      handle: (tx, events) => this.handleTaskEvents(tx, events),
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

  async handleIndicatorsEvents(tx: EntityManager, events: Inbound<ProjectedEventType>[]): Promise<HandlerResult> {
    const projected = events.map((e) => ({ id: e.event.id, type: e.type, data: e.event.data }));
    const changed = await applyIndicatorsEvents(tx, projected);
    const catalogueChanged = projected.some(
      (e) => e.type === EventTypes.INDICATOR_DEFINED || e.type === EventTypes.ORG_UNIT_DEFINED,
    );
    // Scores follow their aggregates some seconds later (the indicators service's score job): dashboards reload.
    const scorePeriods = [
      ...new Set(events.flatMap((e) => (e.type === EventTypes.DTI_SCORE_UPDATED ? [e.event.data.period] : []))),
    ];
    return {
      afterCommit: () => {
        if (changed.length > 0) this.live.publish({ kind: 'aggregates', aggregates: changed });
        if (catalogueChanged) this.live.publish({ kind: 'catalogue' });
        if (scorePeriods.length > 0) this.live.publish({ kind: 'scores', periods: scorePeriods });
      },
    };
  }

  async handleTaskEvents(tx: EntityManager, events: Inbound<TaskEventType>[]): Promise<HandlerResult> {
    await applyTaskEvents(
      tx,
      events.map((e) => ({ id: e.event.id, type: e.type, data: e.event.data })),
    );
    return { afterCommit: () => this.live.publish({ kind: 'tasks' }) };
  }
}
