import { Module } from '@nestjs/common';
import { ClockModule } from '@dxhub/calendar';
import { ObligationsModule } from '../obligations/obligations.module';
import { TasksModule } from '../tasks/tasks.module';
import { AgencyPerformanceController } from './agency-performance.controller';
import { AgencyPerformanceService } from './agency-performance.service';

/** Per agency: reporting completeness and timeliness, and its tasks (GET /v1/agency-performance). */
@Module({
  imports: [ObligationsModule, TasksModule, ClockModule],
  controllers: [AgencyPerformanceController],
  providers: [AgencyPerformanceService],
})
export class AgencyPerformanceModule {}
