import { Module } from '@nestjs/common';
import { AuditModule } from '@dxhub/audit';
import { ServiceTopics } from '@dxhub/contracts';
import { Clock } from '@dxhub/calendar';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { KafkaConfig, MessagingModule, OutboxRelayModule, RejectionsModule } from '@dxhub/messaging';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { AgenciesController } from './agencies/agencies.controller';
import { AgenciesService } from './agencies/agencies.service';
import { ApprovingAgenciesService } from './approval/approving-agencies.service';
import { PeriodLocksController } from './approval/period-locks.controller';
import { PeriodLocksService } from './approval/period-locks.service';
import { ValueApprovalController } from './approval/value-approval.controller';
import { ValueApprovalService } from './approval/value-approval.service';
import { CatalogueService } from './catalogue/catalogue.service';
import { HierarchyChangesService } from './catalogue/hierarchy-changes.service';
import { IndicatorsController } from './catalogue/indicators.controller';
import { IndicatorsService } from './catalogue/indicators.service';
import { OrgUnitsController } from './catalogue/org-units.controller';
import { IndicatorsConfig } from './config/indicators.config';
import { IndicatorHistoryRepository } from './history/indicator-history.repository';
import { OrgUnitsRepository } from './catalogue/org-units.repository';
import { CatalogueChangeFollowUp } from './catalogue/catalogue-change-follow-up';
import { CatalogueChangeReapprovalService } from './approval/catalogue-change-reapproval.service';
import { INDICATORS_DATABASE } from './database/indicators-database';
import { IndicatorHistoryController } from './history/indicator-history.controller';
import { AggregateExplainController } from './explain/aggregate-explain.controller';
import { AggregateExplainService } from './explain/aggregate-explain.service';
import { IndicatorHistoryService } from './history/indicator-history.service';
import { IndicatorIntakeService } from './intake/indicator-intake.service';
import { IndicatorValuesConsumer } from './intake/indicator-values.consumer';
import { IndicatorValuesController } from './intake/indicator-values.controller';
import { IndicatorValuesUploadController } from './intake/indicator-values-upload.controller';
import { ValueSubmissionService } from './intake/value-submission.service';
import { ExplainRepository } from './explain/explain.repository';
import { ObligationsRepository } from './obligations/obligations.repository';
import { TargetsRepository } from './targets/targets.repository';
import { ObligationScheduler } from './obligations/obligation-scheduler';
import { ObligationsController } from './obligations/obligations.controller';
import { ObligationsService } from './obligations/obligations.service';
import { TargetJobs } from './targets/target-jobs';
import { TargetsController } from './targets/targets.controller';
import { TargetsService } from './targets/targets.service';
import { AggregateViewsController } from './views/aggregate-views.controller';
import { AggregateViewsService } from './views/aggregate-views.service';

/** Every setting the indicators service reads, validated together at boot. */
export const INDICATORS_CONFIG = [HttpConfig, DatabaseConfig, KafkaConfig, IndicatorsConfig];

@Module({
  imports: [
    ConfigModule.forRoot(INDICATORS_CONFIG),
    ObservabilityModule.forService('indicators'),
    DatabaseModule.forService(INDICATORS_DATABASE),
    MessagingModule.forService('dxhub-indicators'),
    OutboxRelayModule.forTopics([ServiceTopics.INDICATORS_EVENTS, ServiceTopics.REJECTIONS_EVENTS]),
    RejectionsModule,
    AuditModule,
  ],
  controllers: [
    IndicatorsController,
    AgenciesController,
    OrgUnitsController,
    IndicatorValuesController,
    IndicatorValuesUploadController,
    IndicatorHistoryController,
    AggregateExplainController,
    ValueApprovalController,
    PeriodLocksController,
    ObligationsController,
    AggregateViewsController,
    TargetsController,
  ],
  providers: [
    CatalogueService,
    IndicatorIntakeService,
    IndicatorValuesConsumer,
    AgenciesService,
    IndicatorsService,
    IndicatorHistoryService,
    AggregateExplainService,
    ApprovingAgenciesService,
    PeriodLocksService,
    ValueApprovalService,
    Clock,
    ObligationsService,
    ObligationScheduler,
    AggregateViewsService,
    TargetsService,
    HierarchyChangesService,
    TargetJobs,
    ValueSubmissionService,
    ExplainRepository,
    ObligationsRepository,
    TargetsRepository,
    IndicatorHistoryRepository,
    OrgUnitsRepository,
    { provide: CatalogueChangeFollowUp, useClass: CatalogueChangeReapprovalService },
  ],
})
export class IndicatorsAppModule {}
