import { Module } from '@nestjs/common';
import { ServiceTopics } from '@dxhub/contracts';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { KafkaConfig, MessagingModule, OutboxRelayModule } from '@dxhub/messaging';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { AgenciesController } from './agencies/agencies.controller';
import { AgenciesService } from './agencies/agencies.service';
import { CatalogueService } from './catalogue/catalogue.service';
import { IndicatorsController } from './catalogue/indicators.controller';
import { OrgUnitsController } from './catalogue/org-units.controller';
import { IndicatorsConfig } from './config/indicators.config';
import { INDICATORS_SCHEMA } from './database/indicators-schema';
import { CreateIndicatorsSchema1764230400000 } from './database/migrations/1764230400000-CreateIndicatorsSchema';
import { IndicatorIntakeService } from './intake/indicator-intake.service';
import { IndicatorValuesConsumer } from './intake/indicator-values.consumer';

/** Every setting the indicators service reads, validated together at boot. */
export const INDICATORS_CONFIG = [HttpConfig, DatabaseConfig, KafkaConfig, IndicatorsConfig];

@Module({
  imports: [
    ConfigModule.forRoot(INDICATORS_CONFIG),
    ObservabilityModule.forService('indicators'),
    DatabaseModule.forService({
      schema: INDICATORS_SCHEMA,
      migrations: [CreateIndicatorsSchema1764230400000],
      applicationName: 'dxhub-indicators',
    }),
    MessagingModule.forService('dxhub-indicators'),
    OutboxRelayModule.forTopics([ServiceTopics.INDICATORS_EVENTS]),
  ],
  controllers: [IndicatorsController, AgenciesController, OrgUnitsController],
  providers: [CatalogueService, IndicatorIntakeService, IndicatorValuesConsumer, AgenciesService],
})
export class IndicatorsAppModule {}
