import { Module } from '@nestjs/common';
import { ClockModule } from '@dxhub/calendar';
import { LiveUpdatesModule } from '../live-updates/live-updates.module';
import { ScorecardModule } from '../scorecard/scorecard.module';
import { ReportScheduler } from './report.scheduler';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Period reports: frozen scorecards on demand and on schedule, announced by dx.report.published, and exported. */
@Module({
  imports: [ScorecardModule, LiveUpdatesModule, ClockModule],
  controllers: [ReportsController],
  providers: [ReportsRepository, ReportsService, ReportScheduler],
})
export class ReportsModule {}
