import { Injectable } from '@nestjs/common';
import { PeriodType, requirePeriod } from '@dxhub/periods';
import { ReportingConfig } from '../config/reporting.config';
import { ReadModelRepository } from '../read-models/read-model.repository';
import { reportWindow } from '../reports/reporting-regime';

export interface AgencyPerformance {
  agencyCode: string;
  /** Indicators the agency is responsible for that are due for the period (their period type or finer). */
  due: number;
  reported: number;
  /** Reported with the latest figure on or before the regime's cut-off date. */
  onTime: number;
  completeness: number;
  timeliness: number | null;
  /** Task figures come from dx.tasks.events, which this read model does not consume yet. */
  overdueTasks: number | null;
  tasksOnTime: number | null;
  returnedTasks: number | null;
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
    private readonly readModels: ReadModelRepository,
    private readonly config: ReportingConfig,
  ) {}

  async forPeriod(periodId: string): Promise<AgencyPerformance[]> {
    const period = requirePeriod(periodId);
    const cutOff = reportWindow(period.id).end;
    const definitions = await this.readModels.definitionsAt(period.end);
    const rows = await this.readModels.aggregates({ periods: [period.id], orgUnits: [this.config.REPORT_ORG_UNIT] });
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
        overdueTasks: null,
        tasksOnTime: null,
        returnedTasks: null,
      };
      a.due += 1;
      const row = byCode.get(def.code);
      if (row && row.value !== null) {
        a.reported += 1;
        if (row.updatedAt.slice(0, 10) <= cutOff) a.onTime += 1;
      }
      agencies.set(a.agencyCode, a);
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
