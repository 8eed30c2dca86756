import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '@dxhub/calendar';
import { ReportingConfig } from '../config/reporting.config';
import { latestClosedPeriods } from './reporting-regime';
import { ReportsService } from './reports.service';

/**
 * Generates the scheduled period reports: at start and every REPORT_SCHEDULE_INTERVAL_MS, the latest
 * monthly, quarterly, half-yearly and yearly period whose cut-off date has passed gets its report for
 * REPORT_ORG_UNIT, once (a unique index holds that across replicas).
 */
@Injectable()
export class ReportScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReportScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly reports: ReportsService,
    private readonly config: ReportingConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.REPORT_SCHEDULE_INTERVAL_MS === 0) return;
    const run = (): void => {
      this.runOnce().catch((error: unknown) => this.logger.error({ msg: 'scheduled reports failed', err: error }));
    };
    setTimeout(run, 5000).unref();
    this.timer = setInterval(run, this.config.REPORT_SCHEDULE_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Generates what is due on `today`; returns the ids of the reports it made. */
  async runOnce(today = this.clock.now().toISOString().slice(0, 10)): Promise<string[]> {
    const made: string[] = [];
    for (const window of latestClosedPeriods(today)) {
      try {
        const report = await this.reports.generate(window.period, this.config.REPORT_ORG_UNIT, 'scheduled');
        if (report) made.push(report.reportId);
      } catch (error) {
        // No figures for the unit yet: nothing to report; the next run tries again.
        this.logger.debug({ msg: 'scheduled report skipped', period: window.period, err: error });
      }
    }
    if (made.length > 0) this.logger.log({ msg: 'scheduled reports generated', count: made.length });
    return made;
  }
}
