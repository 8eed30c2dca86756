import { Module } from '@nestjs/common';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { KafkaConfig, MessagingModule } from '@dxhub/messaging';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { AggregatesController } from './aggregates/aggregates.controller';
import { AggregatesProjector } from './aggregates/aggregates.projector';
import { ReportingConfig } from './config/reporting.config';
import { CreateReportingSchema1764230400000 } from './database/migrations/1764230400000-CreateReportingSchema';
import { REPORTING_SCHEMA } from './database/reporting-schema';

/** Every setting the reporting service reads, validated together at boot. */
export const REPORTING_CONFIG = [HttpConfig, DatabaseConfig, KafkaConfig, ReportingConfig];

@Module({
  imports: [
    ConfigModule.forRoot(REPORTING_CONFIG),
    ObservabilityModule.forService('reporting'),
    DatabaseModule.forService({
      schema: REPORTING_SCHEMA,
      migrations: [CreateReportingSchema1764230400000],
      applicationName: 'dxhub-reporting',
    }),
    MessagingModule.forService('dxhub-reporting'),
  ],
  controllers: [AggregatesController],
  providers: [AggregatesProjector],
})
export class ReportingAppModule {}
