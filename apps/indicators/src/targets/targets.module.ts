import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ClockModule } from '@dxhub/calendar';
import { TargetJobs } from './target-jobs';
import { TargetsController } from './targets.controller';
import { TargetsRepository } from './targets.repository';
import { TargetsService } from './targets.service';

/** Targets: standings judged as aggregates change, and the scores built from them. */
@Module({
  imports: [CatalogueModule, ClockModule],
  controllers: [TargetsController],
  providers: [TargetsService, TargetJobs, TargetsRepository],
})
export class TargetsModule {}
