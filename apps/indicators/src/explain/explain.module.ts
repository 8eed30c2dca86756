import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { AggregateExplainController } from './aggregate-explain.controller';
import { AggregateExplainService } from './aggregate-explain.service';
import { ExplainRepository } from './explain.repository';

/** How an aggregate was built: its rules and the values under it. */
@Module({
  imports: [CatalogueModule],
  controllers: [AggregateExplainController],
  providers: [AggregateExplainService, ExplainRepository],
})
export class ExplainModule {}
