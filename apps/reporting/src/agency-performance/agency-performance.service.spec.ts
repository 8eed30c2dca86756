import type { Clock } from '@dxhub/calendar';
import type { AggregateRow, AggregatesRepository } from '../aggregates/aggregates.repository';
import type { CatalogueService } from '../catalogue/catalogue.service';
import type { IndicatorDefinition } from '../catalogue/indicator-definition';
import type { ReportingConfig } from '../config/reporting.config';
import type { AgencyTaskFigures, TasksRepository } from '../tasks/tasks.repository';
import { AgencyPerformanceService } from './agency-performance.service';

const aggregate = (indicatorCode: string, value: number | null, updatedAt: string): AggregateRow => ({
  indicatorCode,
  orgUnitCode: '82',
  orgUnitName: 'Tỉnh Tiền Giang',
  period: '2024S2',
  aggregation: 'SUM',
  value,
  numerator: null,
  denominator: null,
  valueCount: 1,
  version: 1,
  updatedAt,
});

describe('AgencyPerformanceService', () => {
  it('counts reported and on-time indicators per agency, and its tasks as of the clock’s date', async () => {
    const definitions = new Map<string, IndicatorDefinition>([
      ['FIBRE_HH', { code: 'FIBRE_HH', responsibleAgency: 'STTTT', periodType: 'SIX_MONTHLY' }],
      ['DVC_L4', { code: 'DVC_L4', responsibleAgency: 'STTTT', periodType: 'QUARTERLY' }],
      ['GDP_DIGITAL', { code: 'GDP_DIGITAL', responsibleAgency: 'SKHDT', periodType: 'YEARLY' }],
      ['HOSPITALS', { code: 'HOSPITALS', responsibleAgency: 'SYT', periodType: 'SIX_MONTHLY' }],
    ]);
    const catalogue: Pick<CatalogueService, 'definitionsAt'> = {
      definitionsAt: jest.fn(async (date: string) => {
        expect(date).toBe('2024-12-31');
        return definitions;
      }),
    };
    const aggregates: Pick<AggregatesRepository, 'list'> = {
      list: jest.fn(async (filter: { periods: string[]; orgUnits?: string[] }) => {
        expect(filter).toEqual({ periods: ['2024S2'], orgUnits: ['82'] });
        return [
          aggregate('FIBRE_HH', 71.2, '2024-12-10T00:00:00.000Z'),
          aggregate('DVC_L4', 88, '2024-12-20T00:00:00.000Z'),
          aggregate('HOSPITALS', null, '2024-12-01T00:00:00.000Z'),
        ];
      }),
    };
    const taskDates: string[] = [];
    const tasks: Pick<TasksRepository, 'figuresByAgency'> = {
      figuresByAgency: jest.fn(async (today: string): Promise<AgencyTaskFigures[]> => {
        taskDates.push(today);
        return [{ agency: 'SNV', tasks: 2, on_time: 1, overdue: 1, returned: 3 }];
      }),
    };
    const clock: Pick<Clock, 'now'> = { now: () => new Date('2025-03-04T05:06:07Z') };
    const service = new AgencyPerformanceService(
      catalogue as CatalogueService,
      aggregates as AggregatesRepository,
      tasks as TasksRepository,
      { REPORT_ORG_UNIT: '82' } as ReportingConfig,
      clock as Clock,
    );

    const rows = await service.forPeriod('2024S2');

    expect(taskDates).toEqual(['2025-03-04']);
    const base = { tasks: 0, tasksOnTime: 0, overdueTasks: 0, returnedTasks: 0 };
    expect(rows).toEqual([
      {
        agencyCode: 'SNV',
        due: 0,
        reported: 0,
        onTime: 0,
        completeness: 0,
        timeliness: null,
        ...base,
        tasks: 2,
        tasksOnTime: 1,
        overdueTasks: 1,
        returnedTasks: 3,
      },
      { agencyCode: 'SYT', due: 1, reported: 0, onTime: 0, completeness: 0, timeliness: null, ...base },
      // The window of 2024S2 ends on 2024-12-14: DVC_L4's figure came after it.
      { agencyCode: 'STTTT', due: 2, reported: 2, onTime: 1, completeness: 1, timeliness: 0.5, ...base },
    ]);
  });
});
