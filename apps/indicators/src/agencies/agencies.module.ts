import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { IntakeModule } from '../intake/intake.module';
import { AgenciesController } from './agencies.controller';
import { AgenciesService } from './agencies.service';

/** Agencies: listed from the catalogue; a new one gets its topics and the intake consumes them. */
@Module({
  imports: [CatalogueModule, IntakeModule],
  controllers: [AgenciesController],
  providers: [AgenciesService],
})
export class AgenciesModule {}
