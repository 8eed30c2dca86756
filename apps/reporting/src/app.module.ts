import { AuditModule } from '@dxhub/audit';
import { Module } from '@nestjs/common';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { ServiceTopics } from '@dxhub/contracts';
import { KafkaConfig, MessagingModule, OutboxRelayModule } from '@dxhub/messaging';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { AgencyPerformanceModule } from './agency-performance/agency-performance.module';
import { AggregatesModule } from './aggregates/aggregates.module';
import { ReportingConfig } from './config/reporting.config';
import { LiveStreamModule } from './live-stream/live-stream.module';
import { REPORTING_DATABASE } from './database/reporting-database';
import { OpenDataModule } from './open-data/open-data.module';
import { ProjectionModule } from './projection/projection.module';
import { ReportsModule } from './reports/reports.module';
import { ScorecardModule } from './scorecard/scorecard.module';

/** Every setting the reporting service reads, validated together at boot. */
export const REPORTING_CONFIG = [HttpConfig, DatabaseConfig, KafkaConfig, ReportingConfig];

@Module({
  imports: [
    ConfigModule.forRoot(REPORTING_CONFIG),
    ObservabilityModule.forService('reporting'),
    DatabaseModule.forService(REPORTING_DATABASE),
    MessagingModule.forService('dxhub-reporting'),
    OutboxRelayModule.forTopics([ServiceTopics.REPORTING_EVENTS]),
    AuditModule,
    // The features: the projector fills the read models, the others read them.
    ProjectionModule,
    AggregatesModule,
    ScorecardModule,
    ReportsModule,
    AgencyPerformanceModule,
    LiveStreamModule,
    OpenDataModule,
  ],
})
export class ReportingAppModule {}
