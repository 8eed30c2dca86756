import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventTypes, type IndicatorAggregateUpdatedV1, ServiceTopics } from '@dxhub/contracts';
import { BatchConsumer, type InboundEvent, KafkaGateway, type Rejection } from '@dxhub/messaging';
import { DataSource } from 'typeorm';
import { ReportingConfig } from '../config/reporting.config';

/**
 * Projects `dx.indicator-aggregate.updated` into the aggregates read model. Each aggregate carries a
 * version that grows with every change, so the projection keeps the highest version it has seen:
 * re-delivered, duplicated or reordered events change nothing, and a replay from the beginning ends
 * in the same state.
 */
@Injectable()
export class AggregatesProjector implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AggregatesProjector.name);
  private readonly consumer: BatchConsumer;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    gateway: KafkaGateway,
    config: ReportingConfig,
  ) {
    this.consumer = new BatchConsumer(gateway, {
      groupId: config.AGGREGATES_CONSUMER_GROUP,
      topics: async () => [ServiceTopics.INDICATORS_EVENTS],
      accepts: [EventTypes.INDICATOR_AGGREGATE_UPDATED],
      otherTypes: 'skip',
      handle: (events) => this.handleIndicatorAggregateUpdated(events),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
    this.logger.log({ msg: 'projector stopped' });
  }

  async handleIndicatorAggregateUpdated(events: InboundEvent[]): Promise<Rejection[]> {
    // Highest version per aggregate within the batch; the database keeps the highest across batches.
    const latest = new Map<string, { event: InboundEvent; data: IndicatorAggregateUpdatedV1 }>();
    for (const event of events) {
      const data = event.event.data as IndicatorAggregateUpdatedV1;
      const key = `${data.indicatorCode}\u0000${data.orgUnitCode}\u0000${data.period}`;
      const held = latest.get(key);
      if (!held || data.version > held.data.version) latest.set(key, { event, data });
    }
    const rows = [...latest.values()];
    const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
    await this.dataSource.query(
      `INSERT INTO aggregates AS a (indicator_code, org_unit_code, period, org_unit_name, aggregation, value, numerator,
                                    denominator, value_count, version, updated_at, event_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[],
                            $8::numeric[], $9::int[], $10::bigint[], $11::timestamptz[], $12::text[])
       ON CONFLICT (indicator_code, org_unit_code, period) DO UPDATE
         SET org_unit_name = EXCLUDED.org_unit_name, aggregation = EXCLUDED.aggregation, value = EXCLUDED.value,
             numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator, value_count = EXCLUDED.value_count,
             version = EXCLUDED.version, updated_at = EXCLUDED.updated_at, event_id = EXCLUDED.event_id
         WHERE a.version < EXCLUDED.version`,
      [
        col((r) => r.data.indicatorCode),
        col((r) => r.data.orgUnitCode),
        col((r) => r.data.period),
        col((r) => r.data.orgUnitName),
        col((r) => r.data.aggregation),
        col((r) => (r.data.value === null ? null : String(r.data.value))),
        col((r) => (r.data.numerator == null ? null : String(r.data.numerator))),
        col((r) => (r.data.denominator == null ? null : String(r.data.denominator))),
        col((r) => r.data.valueCount),
        col((r) => r.data.version),
        col((r) => r.data.updatedAt),
        col((r) => r.event.event.id),
      ],
    );
    return [];
  }
}
