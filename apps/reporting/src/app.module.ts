import { StreamAdmissionGuard, StreamGate } from '@dxhub/http';
import { AuditModule } from '@dxhub/audit';
import { Module } from '@nestjs/common';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { ServiceTopics } from '@dxhub/contracts';
import { KafkaConfig, MessagingModule, OutboxRelayModule } from '@dxhub/messaging';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { AgencyPerformanceController } from './agency-performance/agency-performance.controller';
import { AgencyPerformanceService } from './agency-performance/agency-performance.service';
import { AggregatesController } from './aggregates/aggregates.controller';
import { ReportingConfig } from './config/reporting.config';
import { DashboardController } from './dashboard/dashboard.controller';
import { REPORTING_DATABASE } from './database/reporting-database';
import { OpenDataController } from './open-data/open-data.controller';
import { LiveUpdatesService } from './projection/live-updates.service';
import { ReadModelProjector } from './projection/read-model.projector';
import { ReadModelRepository } from './read-models/read-model.repository';
import { ReportScheduler } from './reports/report.scheduler';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { ScorecardController } from './scorecard/scorecard.controller';
import { ScorecardService } from './scorecard/scorecard.service';

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
  ],
  controllers: [
    AggregatesController,
    ScorecardController,
    ReportsController,
    AgencyPerformanceController,
    DashboardController,
    OpenDataController,
  ],
  providers: [
    StreamGate,
    StreamAdmissionGuard,
    LiveUpdatesService,
    ReadModelProjector,
    ReadModelRepository,
    ScorecardService,
    ReportsService,
    ReportScheduler,
    AgencyPerformanceService,
  ],
})
export class ReportingAppModule {}
