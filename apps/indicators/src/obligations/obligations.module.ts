import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ClockModule } from '@dxhub/calendar';
import { ObligationProgressJob } from './obligation-progress-job';
import { ObligationScheduler } from './obligation-scheduler';
import { ObligationsController } from './obligations.controller';
import { ObligationsRepository } from './obligations.repository';
import { ObligationsService } from './obligations.service';

/** Reporting obligations, their periods' deadlines and the completeness and timeliness measured against them. */
@Module({
  imports: [CatalogueModule, ClockModule],
  controllers: [ObligationsController],
  providers: [ObligationsService, ObligationScheduler, ObligationProgressJob, ObligationsRepository],
})
export class ObligationsModule {}
