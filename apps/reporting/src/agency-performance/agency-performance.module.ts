import { Module } from '@nestjs/common';
import { AggregatesModule } from '../aggregates/aggregates.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ClockModule } from '@dxhub/calendar';
import { TasksModule } from '../tasks/tasks.module';
import { AgencyPerformanceController } from './agency-performance.controller';
import { AgencyPerformanceService } from './agency-performance.service';

/** Per agency: reporting completeness and timeliness, and its tasks (GET /v1/agency-performance). */
@Module({
  imports: [AggregatesModule, CatalogueModule, TasksModule, ClockModule],
  controllers: [AgencyPerformanceController],
  providers: [AgencyPerformanceService],
})
export class AgencyPerformanceModule {}
