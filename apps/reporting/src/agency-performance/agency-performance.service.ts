import { Injectable } from '@nestjs/common';
import { Clock } from '@dxhub/calendar';
import { PeriodType, requirePeriod } from '@dxhub/periods';
import { ReportingConfig } from '../config/reporting.config';
import { AggregatesRepository } from '../aggregates/aggregates.repository';
import { CatalogueService } from '../catalogue/catalogue.service';
import { reportWindow } from '../reports/reporting-regime';
import { TasksRepository } from '../tasks/tasks.repository';

export interface AgencyPerformance {
  agencyCode: string;
  /** Indicators the agency is responsible for that are due for the period (their period type or finer). */
  due: number;
  reported: number;
  /** Reported with the latest figure on or before the regime's cut-off date. */
  onTime: number;
  completeness: number;
  timeliness: number | null;
  /** Tasks the agency leads (dx.tasks.events): all, approved by their due date, open past it, returns by reviewers. */
  tasks: number;
  tasksOnTime: number;
  overdueTasks: number;
  returnedTasks: number;
}

const FINENESS: Record<string, number> = {
  [PeriodType.YEARLY]: 12,
  [PeriodType.SIX_MONTHLY]: 6,
  [PeriodType.QUARTERLY]: 3,
  [PeriodType.MONTHLY]: 1,
};

/** Reporting completeness and timeliness per responsible agency, from the catalogue and the aggregates. */
@Injectable()
export class AgencyPerformanceService {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly aggregates: AggregatesRepository,
    private readonly tasks: TasksRepository,
    private readonly config: ReportingConfig,
    private readonly clock: Clock,
  ) {}

  async forPeriod(periodId: string): Promise<AgencyPerformance[]> {
    const period = requirePeriod(periodId);
    const cutOff = reportWindow(period.id).end;
    const definitions = await this.catalogue.definitionsAt(period.end);
    const rows = await this.aggregates.list({ periods: [period.id], orgUnits: [this.config.REPORT_ORG_UNIT] });
    const byCode = new Map(rows.map((r) => [r.indicatorCode, r]));
    const agencies = new Map<string, AgencyPerformance>();
    for (const def of definitions.values()) {
      if (!def.responsibleAgency) continue;
      if ((FINENESS[def.periodType ?? PeriodType.YEARLY] ?? 12) > period.months) continue;
      const a = agencies.get(def.responsibleAgency) ?? {
        agencyCode: def.responsibleAgency,
        due: 0,
        reported: 0,
        onTime: 0,
        completeness: 0,
        timeliness: null,
        tasks: 0,
        tasksOnTime: 0,
        overdueTasks: 0,
        returnedTasks: 0,
      };
      a.due += 1;
      const row = byCode.get(def.code);
      if (row && row.value !== null) {
        a.reported += 1;
        if (row.updatedAt.slice(0, 10) <= cutOff) a.onTime += 1;
      }
      agencies.set(a.agencyCode, a);
    }
    for (const t of await this.tasks.figuresByAgency(this.clock.now().toISOString().slice(0, 10))) {
      const a = agencies.get(t.agency) ?? {
        agencyCode: t.agency,
        due: 0,
        reported: 0,
        onTime: 0,
        completeness: 0,
        timeliness: null,
        tasks: 0,
        tasksOnTime: 0,
        overdueTasks: 0,
        returnedTasks: 0,
      };
      Object.assign(a, { tasks: t.tasks, tasksOnTime: t.on_time, overdueTasks: t.overdue, returnedTasks: t.returned });
      agencies.set(t.agency, a);
    }
    return [...agencies.values()]
      .map((a) => ({
        ...a,
        completeness: a.due === 0 ? 0 : a.reported / a.due,
        timeliness: a.reported === 0 ? null : a.onTime / a.reported,
      }))
      .sort((x, y) => x.completeness - y.completeness || x.agencyCode.localeCompare(y.agencyCode));
  }
}
