import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { agencyTopic, AgencyStreams, EventTypes } from '@dxhub/contracts';
import { EventConsumer, type HandlerResult, type Inbound, KafkaGateway } from '@dxhub/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogueService } from '../catalogue/catalogue.service';
import { IndicatorsConfig } from '../config/indicators.config';
import { IndicatorIntakeService } from './indicator-intake.service';

type ValueReported = Inbound<typeof EventTypes.INDICATOR_VALUE_REPORTED>;

/**
 * Consumes every agency's `dx.agency.<code>.indicator-values` topic, including agencies added while it
 * runs. The agency a report counts for is the one whose topic carried it (the broker's ACLs hold each
 * agency to its own topics, the pipeline holds `ce_source` to it), never what the event claims.
 */
@Injectable()
export class IndicatorValuesConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IndicatorValuesConsumer.name);
  private readonly consumer: EventConsumer<typeof EventTypes.INDICATOR_VALUE_REPORTED>;

  constructor(
    gateway: KafkaGateway,
    @Inject(DataSource) dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly intake: IndicatorIntakeService,
    config: IndicatorsConfig,
  ) {
    this.consumer = new EventConsumer(gateway, dataSource, {
      groupId: config.INTAKE_CONSUMER_GROUP,
      topics: async () => {
        await this.catalogue.reload();
        return this.catalogue.agencyCodes().map((code) => agencyTopic(code, AgencyStreams.INDICATOR_VALUES));
      },
      accepts: [EventTypes.INDICATOR_VALUE_REPORTED],
      publishers: 'agencies',
      handle: (tx, events) => this.handleIndicatorValueReported(tx, events),
      announceRejections: 'indicators',
      refreshIntervalMs: config.AGENCY_TOPIC_REFRESH_MS,
      partitionsConsumedConcurrently: config.INTAKE_PARTITIONS_CONCURRENTLY,
      transactionsAtOnce: config.INTAKE_TRANSACTIONS,
      maxEventsPerTransaction: config.INTAKE_MAX_REPORTS_PER_TRANSACTION,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
    this.logger.log({ msg: 'intake stopped' });
  }

  /** Picks up topics of agencies added since the last look. */
  refreshTopics(): Promise<boolean> {
    return this.consumer.refresh();
  }

  async handleIndicatorValueReported(tx: EntityManager, events: ValueReported[]): Promise<HandlerResult> {
    const { refused, committed } = await this.intake.applyInTransaction(
      tx,
      events.map((e) => ({ agencyCode: e.agencyCode as string, channel: e.topic, event: e.event })),
      events[0].receivedAt,
    );
    return {
      refused: [...refused].map(([index, reason]) => ({ event: events[index], reason })),
      afterCommit: committed,
    };
  }
}
