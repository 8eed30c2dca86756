import type { Clock } from '@dxhub/calendar';
import type { AgencyReportCounts, ObligationProgressRepository } from '../obligations/obligation-progress.repository';
import type { AgencyTaskFigures, TasksRepository } from '../tasks/tasks.repository';
import { AgencyPerformanceService } from './agency-performance.service';

describe('AgencyPerformanceService', () => {
  it('sums the obligation periods inside the period per owing agency, as sums over sums, with its tasks', async () => {
    const asked: string[][] = [];
    const progress: Pick<ObligationProgressRepository, 'countsByAgency'> = {
      countsByAgency: jest.fn(async (periods: string[]): Promise<AgencyReportCounts[]> => {
        asked.push(periods);
        return [
          { agency: 'SKHCN', expectedReports: 26, receivedReports: 12, onTimeReports: 8 },
          { agency: 'SYT', expectedReports: 12, receivedReports: 0, onTimeReports: 0 },
          { agency: 'SNV', expectedReports: 0, receivedReports: 0, onTimeReports: 0 },
        ];
      }),
    };
    const taskDates: string[] = [];
    const tasks: Pick<TasksRepository, 'figuresByAgency'> = {
      figuresByAgency: jest.fn(async (today: string): Promise<AgencyTaskFigures[]> => {
        taskDates.push(today);
        return [
          { agency: 'SNV', tasks: 2, on_time: 1, overdue: 1, returned: 3 },
          { agency: 'SKHCN', tasks: 1, on_time: 1, overdue: 0, returned: 0 },
        ];
      }),
    };
    const clock: Pick<Clock, 'now'> = { now: () => new Date('2025-03-04T05:06:07Z') };
    const service = new AgencyPerformanceService(
      progress as ObligationProgressRepository,
      tasks as TasksRepository,
      clock as Clock,
    );

    const rows = await service.forPeriod('2024S2');

    // The half-year, its two quarters and its six months.
    expect(asked).toEqual([['2024S2', '2024Q3', '2024Q4', '202407', '202408', '202409', '202410', '202411', '202412']]);
    expect(taskDates).toEqual(['2025-03-04']);
    const noTasks = { tasks: 0, tasksOnTime: 0, overdueTasks: 0, returnedTasks: 0 };
    expect(rows).toEqual([
      {
        agencyCode: 'SYT',
        expectedReports: 12,
        receivedReports: 0,
        onTimeReports: 0,
        completeness: 0,
        timeliness: 0,
        ...noTasks,
      },
      {
        agencyCode: 'SKHCN',
        expectedReports: 26,
        receivedReports: 12,
        onTimeReports: 8,
        completeness: 12 / 26,
        timeliness: 8 / 26,
        tasks: 1,
        tasksOnTime: 1,
        overdueTasks: 0,
        returnedTasks: 0,
      },
      // Nothing expected: no ratios, listed after the agencies that owe reports.
      {
        agencyCode: 'SNV',
        expectedReports: 0,
        receivedReports: 0,
        onTimeReports: 0,
        completeness: null,
        timeliness: null,
        tasks: 2,
        tasksOnTime: 1,
        overdueTasks: 1,
        returnedTasks: 3,
      },
    ]);
  });

  it('counts a year’s half-years, quarters and months, and nothing coarser for a month', async () => {
    const asked: string[][] = [];
    const progress: Pick<ObligationProgressRepository, 'countsByAgency'> = {
      countsByAgency: jest.fn(async (periods: string[]) => {
        asked.push(periods);
        return [];
      }),
    };
    const tasks: Pick<TasksRepository, 'figuresByAgency'> = { figuresByAgency: jest.fn(async () => []) };
    const service = new AgencyPerformanceService(
      progress as ObligationProgressRepository,
      tasks as TasksRepository,
      { now: () => new Date('2025-03-04T05:06:07Z') } as Clock,
    );
    expect(await service.forPeriod('2024')).toEqual([]);
    expect(await service.forPeriod('202405')).toEqual([]);
    expect(asked[0]).toHaveLength(1 + 2 + 4 + 12);
    expect(asked[0].slice(0, 4)).toEqual(['2024', '2024S1', '2024S2', '2024Q1']);
    expect(asked[1]).toEqual(['202405']);
  });
});
