import { Injectable } from '@nestjs/common';
import { Clock } from '@dxhub/calendar';
import { PERIOD_TYPES_COARSE_TO_FINE, requirePeriod, subPeriods } from '@dxhub/periods';
import { type AgencyReportCounts, ObligationProgressRepository } from '../obligations/obligation-progress.repository';
import { TasksRepository } from '../tasks/tasks.repository';

export interface AgencyPerformance {
  agencyCode: string;
  /**
   * Reports the agency owes for the period's obligation periods (the period's own type and finer: a quarter
   * counts its three months), as the indicators service counts them (dx.obligation.progress-updated).
   */
  expectedReports: number;
  /** Of those, the ones received (the first report of each expected cell). */
  receivedReports: number;
  /** Of those, the ones whose first report arrived by the obligation period's due day. */
  onTimeReports: number;
  /** receivedReports / expectedReports (a sum over sums); null when nothing is expected. */
  completeness: number | null;
  /** onTimeReports / expectedReports (a sum over sums); null when nothing is expected. */
  timeliness: number | null;
  /** Tasks the agency leads (dx.tasks.events): all, approved by their due date, open past it, returns by reviewers. */
  tasks: number;
  tasksOnTime: number;
  overdueTasks: number;
  returnedTasks: number;
}

/**
 * Per owing agency: the reporting completeness and timeliness of the indicators service (its obligation periods'
 * counts, projected from dx.obligation.progress-updated, summed over the periods inside the one asked for), and the
 * tasks it leads.
 */
@Injectable()
export class AgencyPerformanceService {
  constructor(
    private readonly progress: ObligationProgressRepository,
    private readonly tasks: TasksRepository,
    private readonly clock: Clock,
  ) {}

  async forPeriod(periodId: string): Promise<AgencyPerformance[]> {
    const period = requirePeriod(periodId);
    const inside = PERIOD_TYPES_COARSE_TO_FINE.flatMap((type) => subPeriods(period, type).map((p) => p.id));
    const agencies = new Map<string, AgencyPerformance>();
    for (const counts of await this.progress.countsByAgency(inside)) agencies.set(counts.agency, performanceOf(counts));
    for (const t of await this.tasks.figuresByAgency(this.clock.now().toISOString().slice(0, 10))) {
      const held = agencies.get(t.agency) ?? performanceOf({ agency: t.agency });
      agencies.set(t.agency, held);
      Object.assign(held, {
        tasks: t.tasks,
        tasksOnTime: t.on_time,
        overdueTasks: t.overdue,
        returnedTasks: t.returned,
      });
    }
    // Least complete first; agencies that owe nothing in the period last.
    return [...agencies.values()].sort(
      (x, y) => (x.completeness ?? Infinity) - (y.completeness ?? Infinity) || x.agencyCode.localeCompare(y.agencyCode),
    );
  }
}

/** An agency's report counts and their ratios (no tasks yet). */
function performanceOf(counts: Partial<AgencyReportCounts> & { agency: string }): AgencyPerformance {
  const expectedReports = counts.expectedReports ?? 0;
  const receivedReports = counts.receivedReports ?? 0;
  const onTimeReports = counts.onTimeReports ?? 0;
  return {
    agencyCode: counts.agency,
    expectedReports,
    receivedReports,
    onTimeReports,
    completeness: expectedReports === 0 ? null : receivedReports / expectedReports,
    timeliness: expectedReports === 0 ? null : onTimeReports / expectedReports,
    tasks: 0,
    tasksOnTime: 0,
    overdueTasks: 0,
    returnedTasks: 0,
  };
}
