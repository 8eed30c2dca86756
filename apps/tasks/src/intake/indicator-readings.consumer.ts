import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { aggregateUpdatesOf, EventTypes, type IndicatorAggregateUpdatedV1, ServiceTopics } from '@dxhub/contracts';
import { EventConsumer, type HandlerResult, type Inbound, KafkaGateway } from '@dxhub/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { TasksConfig } from '../config/tasks.config';
import { TaskProgressService } from '../tasks/task-progress.service';

/** The province's GSO code: Tiền Giang's, kept by the new Đồng Tháp (DOMAIN.md §3.2). */
const PROVINCE_ORG_UNIT = '82';
const YEAR = /^\d{4}$/;

const READ_TYPES = [EventTypes.INDICATOR_AGGREGATES_UPDATED, EventTypes.INDICATOR_AGGREGATE_UPDATED] as const;
type AggregateEvent = Inbound<(typeof READ_TYPES)[number]>;

/**
 * Follows dx.indicators.events for the tasks that take their progress from indicators: the province's yearly
 * aggregate of a linked indicator is the task's reading (the targets are yearly), the latest year wins. It reads
 * the indicators service's published events, never its tables.
 */
@Injectable()
export class IndicatorReadingsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IndicatorReadingsConsumer.name);
  private readonly consumer: EventConsumer<(typeof READ_TYPES)[number]>;

  constructor(
    gateway: KafkaGateway,
    @Inject(DataSource) dataSource: DataSource,
    private readonly tasks: TaskProgressService,
    config: TasksConfig,
  ) {
    this.consumer = new EventConsumer(gateway, dataSource, {
      groupId: config.INDICATOR_EVENTS_CONSUMER_GROUP,
      topics: () => Promise.resolve([ServiceTopics.INDICATORS_EVENTS]),
      // The single-aggregate type is no longer published; the topic's history holds it.
      accepts: READ_TYPES,
      otherTypes: 'skip',
      publishers: 'services',
      handle: (tx, events) => this.handleIndicatorAggregateUpdated(tx, events),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
    this.logger.log({ msg: 'indicator readings stopped' });
  }

  async handleIndicatorAggregateUpdated(tx: EntityManager, events: AggregateEvent[]): Promise<HandlerResult> {
    // Within a batch the highest aggregate version per indicator and year is the one that counts.
    const latest = new Map<string, IndicatorAggregateUpdatedV1>();
    for (const { data: a } of events.flatMap((e) => aggregateUpdatesOf(e.event))) {
      if (a.orgUnitCode !== PROVINCE_ORG_UNIT || !YEAR.test(a.period) || a.value === null) continue;
      const key = `${a.indicatorCode}/${a.period}`;
      const seen = latest.get(key);
      if (!seen || seen.version < a.version) latest.set(key, a);
    }
    await this.tasks.applyIndicatorReadings(
      tx,
      [...latest.values()]
        .sort((x, y) => x.period.localeCompare(y.period))
        .map((a) => ({
          indicatorCode: a.indicatorCode,
          period: a.period,
          value: a.value as number,
          version: a.version,
          at: new Date(a.updatedAt),
        })),
    );
    return { afterCommit: () => this.tasks.committed() };
  }
}
