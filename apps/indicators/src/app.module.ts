import { Module } from '@nestjs/common';
import { AuditModule } from '@dxhub/audit';
import { ServiceTopics } from '@dxhub/contracts';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { KafkaConfig, MessagingModule, OutboxRelayModule, RejectionsModule } from '@dxhub/messaging';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { AgenciesModule } from './agencies/agencies.module';
import { ApprovalModule } from './approval/approval.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { IndicatorsConfig } from './config/indicators.config';
import { INDICATORS_DATABASE } from './database/indicators-database';
import { ExplainModule } from './explain/explain.module';
import { HistoryModule } from './history/history.module';
import { IntakeModule } from './intake/intake.module';
import { ObligationsModule } from './obligations/obligations.module';
import { TargetsModule } from './targets/targets.module';
import { ViewsModule } from './views/views.module';

/** Every setting the indicators service reads, validated together at boot. */
export const INDICATORS_CONFIG = [HttpConfig, DatabaseConfig, KafkaConfig, IndicatorsConfig];

/*
 * The feature modules come first: Nest registers routes, and the OpenAPI document lists them, in the order it
 * meets the modules (each module's imports right after it), so this order is the order of /openapi.json.
 * Infrastructure comes after (its modules are global), keeping health, rejections and audit last.
 */
@Module({
  imports: [
    CatalogueModule,
    AgenciesModule,
    IntakeModule,
    HistoryModule,
    ExplainModule,
    ApprovalModule,
    ObligationsModule,
    ViewsModule,
    TargetsModule,
    ConfigModule.forRoot(INDICATORS_CONFIG),
    ObservabilityModule.forService('indicators'),
    DatabaseModule.forService(INDICATORS_DATABASE),
    MessagingModule.forService('dxhub-indicators'),
    OutboxRelayModule.forTopics([ServiceTopics.INDICATORS_EVENTS, ServiceTopics.REJECTIONS_EVENTS]),
    RejectionsModule,
    AuditModule,
  ],
})
export class IndicatorsAppModule {}
