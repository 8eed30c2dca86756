import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { agencyTopic, AgencyStreams, EventTypes, type IndicatorValueReportedV1, parseAgencyTopic } from '@dxhub/contracts';
import { BatchConsumer, type InboundEvent, KafkaGateway, OutboxRelayService, type Rejection } from '@dxhub/messaging';
import { counter } from '@dxhub/observability';
import type { CloudEvent } from '@dxhub/contracts';
import { DataSource } from 'typeorm';
import { applyReports } from '../aggregates/aggregate-writer';
import { CatalogueService } from '../catalogue/catalogue.service';
import { IndicatorsConfig } from '../config/indicators.config';

import { type AcceptedReport, checkReport } from './report-check';

const reportsApplied = counter('dx_indicator_reports_applied_total', 'Indicator reports stored and rolled up');
const reportsDuplicate = counter('dx_indicator_reports_duplicate_total', 'Indicator reports already applied (same ce_source and ce_id)');

/**
 * Consumes every agency's `dx.agency.<code>.indicator-values` topic, including agencies added while it
 * runs, and applies each batch in one transaction.
 */
@Injectable()
export class IndicatorValuesConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IndicatorValuesConsumer.name);
  private readonly consumer: BatchConsumer;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    gateway: KafkaGateway,
    private readonly catalogue: CatalogueService,
    private readonly relay: OutboxRelayService,
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

  subscribedTopics(): string[] {
    return this.consumer.topics();
  }

  async handleIndicatorValueReported(events: InboundEvent[]): Promise<Rejection[]> {
    const receivedAt = new Date();
    const rejections: Rejection[] = [];
    const accepted: AcceptedReport[] = [];
    for (const inbound of events) {
      const owner = parseAgencyTopic(inbound.topic);
      if (!owner) {
        rejections.push({ event: inbound, reason: `topic '${inbound.topic}' is not an agency topic` });
        continue;
      }
      const checked = checkReport(
        this.catalogue,
        owner.agencyCode,
        inbound.topic,
        inbound.event as CloudEvent<IndicatorValueReportedV1>,
        receivedAt,
      );
      if (checked.ok) accepted.push(checked.report);
      else rejections.push({ event: inbound, reason: checked.reason });
    }
    if (accepted.length > 0) {
      const { applied, duplicates } = await this.dataSource.transaction((m) => applyReports(m, accepted));
      reportsApplied.inc(applied);
      reportsDuplicate.inc(duplicates);
      this.relay.nudge();
    }
    return rejections;
  }
}
