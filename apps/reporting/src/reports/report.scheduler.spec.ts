import type { Clock } from '@dxhub/calendar';
import type { ReportingConfig } from '../config/reporting.config';
import { ReportScheduler } from './report.scheduler';
import type { ReportsService } from './reports.service';

describe('ReportScheduler', () => {
  it('reports the periods whose cut-off has passed on the clock’s date, each once', async () => {
    const clock: Pick<Clock, 'now'> = { now: () => new Date('2025-07-20T09:00:00Z') };
    const generated: string[] = [];
    const reports: Pick<ReportsService, 'generate'> = {
      generate: jest.fn(async (period: string, orgUnit: string, trigger: 'scheduled' | 'on-demand') => {
        generated.push(`${period} ${orgUnit} ${trigger}`);
        // The quarter's report exists already: the unique index answers null.
        if (period === '2025Q2') return null;
        return { reportId: `r-${period}` } as Awaited<ReturnType<ReportsService['generate']>>;
      }),
    } as Pick<ReportsService, 'generate'>;
    const config = { REPORT_ORG_UNIT: '82', REPORT_SCHEDULE_INTERVAL_MS: 0 } as ReportingConfig;
    const scheduler = new ReportScheduler(reports as ReportsService, config, clock as Clock);

    expect(await scheduler.runOnce()).toEqual(['r-202507', 'r-2025S1', 'r-2024']);
    expect(generated).toEqual([
      '202507 82 scheduled',
      '2025Q2 82 scheduled',
      '2025S1 82 scheduled',
      '2024 82 scheduled',
    ]);
  });
});
