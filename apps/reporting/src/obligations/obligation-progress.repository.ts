import { Inject, Injectable } from '@nestjs/common';
import type { ObligationProgressUpdatedV1 } from '@dxhub/contracts';
import { column, execute, type RowOf, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { DataSource } from 'typeorm';

/** An obligation period's counts as an event tells them: the event's id and its payload. */
export interface ObligationProgressUpdate {
  id: string;
  data: ObligationProgressUpdatedV1;
}

const agencyReportCountsRow = rowShape({
  agency: column.text,
  expectedReports: column.number,
  receivedReports: column.number,
  onTimeReports: column.number,
});

/** Per owing agency: the reports its obligation periods expect, those received, and those on time. */
export type AgencyReportCounts = RowOf<typeof agencyReportCountsRow>;

/**
 * The obligation periods' report counts (`obligation_progress`) as dx.obligation.progress-updated tells them:
 * written by the projection, read by agency performance. Bound to an executor: the pool when Nest provides it, the
 * consumer's transaction when the projection builds one.
 */
@Injectable()
export class ObligationProgressRepository {
  constructor(@Inject(DataSource) private readonly db: SqlExecutor) {}

  /** Upserts each obligation period's counts in one statement: the higher (version, event id) wins. */
  async upsert(rows: ObligationProgressUpdate[]): Promise<void> {
    const col = <T>(f: (r: ObligationProgressUpdatedV1) => T) => rows.map((r) => f(r.data));
    await execute(
      this.db,
      `INSERT INTO obligation_progress AS p (obligation_code, period, name_vi, name_en, agency, declared_agency,
                                             period_type, due_date, expected_reports, received_reports,
                                             on_time_reports, version, updated_at, event_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::date[], $9::int[], $10::int[], $11::int[], $12::int[], $13::timestamptz[], $14::text[])
       ON CONFLICT (obligation_code, period) DO UPDATE
         SET name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en, agency = EXCLUDED.agency,
             declared_agency = EXCLUDED.declared_agency, period_type = EXCLUDED.period_type,
             due_date = EXCLUDED.due_date, expected_reports = EXCLUDED.expected_reports,
             received_reports = EXCLUDED.received_reports, on_time_reports = EXCLUDED.on_time_reports,
             version = EXCLUDED.version, updated_at = EXCLUDED.updated_at, event_id = EXCLUDED.event_id
         WHERE (p.version, p.event_id) < (EXCLUDED.version, EXCLUDED.event_id)`,
      [
        col((d) => d.obligationCode),
        col((d) => d.period),
        col((d) => d.nameVi),
        col((d) => d.nameEn),
        col((d) => d.agency),
        col((d) => d.declaredAgency),
        col((d) => d.periodType),
        col((d) => d.dueDate),
        col((d) => d.expectedReports),
        col((d) => d.receivedReports),
        col((d) => d.onTimeReports),
        col((d) => d.version),
        col((d) => d.updatedAt),
        rows.map((r) => r.id),
      ],
    );
  }

  /** Per owing agency, the sums of the counts of the obligation periods given (ids, any period types). */
  async countsByAgency(periods: string[]): Promise<AgencyReportCounts[]> {
    return selectRows(
      this.db,
      agencyReportCountsRow,
      `SELECT agency, sum(expected_reports)::int AS "expectedReports", sum(received_reports)::int AS "receivedReports",
              sum(on_time_reports)::int AS "onTimeReports"
       FROM obligation_progress WHERE period = ANY($1::text[])
       GROUP BY agency ORDER BY agency`,
      [periods],
    );
  }
}
