import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  agencyTopic,
  AgencyStreams,
  type CloudEvent,
  EventTypes,
  type IndicatorValueReportedV1,
  parseAgencyTopic,
} from '@dxhub/contracts';
import { BatchConsumer, type InboundEvent, KafkaGateway, type Rejection } from '@dxhub/messaging';
import { CatalogueService } from '../catalogue/catalogue.service';
import { IndicatorsConfig } from '../config/indicators.config';
import { IndicatorIntakeService, type Submission } from './indicator-intake.service';

/**
 * Consumes every agency's `dx.agency.<code>.indicator-values` topic, including agencies added while it
 * runs. The agency a report counts for is the one whose topic carried it (the broker's ACLs hold each
 * agency to its own topics), never what the event claims.
 */
@Injectable()
export class IndicatorValuesConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IndicatorValuesConsumer.name);
  private readonly consumer: BatchConsumer;

  constructor(
    gateway: KafkaGateway,
    private readonly catalogue: CatalogueService,
    private readonly intake: IndicatorIntakeService,
    config: IndicatorsConfig,
  ) {
    this.consumer = new BatchConsumer(gateway, {
      groupId: config.INTAKE_CONSUMER_GROUP,
      topics: async () => {
        await this.catalogue.reload();
        return this.catalogue.agencyCodes().map((code) => agencyTopic(code, AgencyStreams.INDICATOR_VALUES));
      },
      accepts: [EventTypes.INDICATOR_VALUE_REPORTED],
      handle: (events) => this.handleIndicatorValueReported(events),
      refreshIntervalMs: config.AGENCY_TOPIC_REFRESH_MS,
      partitionsConsumedConcurrently: config.INTAKE_PARTITIONS_CONCURRENTLY,
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

  async handleIndicatorValueReported(events: InboundEvent[]): Promise<Rejection[]> {
    const rejections: Rejection[] = [];
    const submissions: Submission[] = [];
    const submitted: InboundEvent[] = [];
    for (const inbound of events) {
      const owner = parseAgencyTopic(inbound.topic);
      if (!owner) {
        rejections.push({ event: inbound, reason: `topic '${inbound.topic}' is not an agency topic` });
        continue;
      }
      submissions.push({
        agencyCode: owner.agencyCode,
        channel: inbound.topic,
        event: inbound.event as CloudEvent<IndicatorValueReportedV1>,
      });
      submitted.push(inbound);
    }
    const outcomes = await this.intake.submit(submissions);
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'rejected') rejections.push({ event: submitted[i], reason: outcome.reason });
    });
    return rejections;
  }
}
