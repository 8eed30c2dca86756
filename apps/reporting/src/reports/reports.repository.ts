import { Inject, Injectable } from '@nestjs/common';
import {
  type Column,
  column,
  returningRows,
  rowShape,
  selectFirst,
  selectRows,
  type SqlExecutor,
} from '@dxhub/persistence';
import { DataSource } from 'typeorm';
import type { ReportSnapshot } from './report-snapshot';

/** A report as stored: the frozen snapshot and the columns it is found by. */
export interface StoredReport {
  snapshot: ReportSnapshot;
  orgUnitCode: string;
}

const insertedRow = rowShape({ id: column.text });

const summaryRow = rowShape({
  id: column.text,
  kind: column.text,
  period: column.text,
  org_unit_code: column.text,
  window_start: column.text,
  window_end: column.text,
  trigger: column.text,
  generated_at: column.timestamp,
});

/** One row of the report list, as stored. */
export interface ReportRow {
  id: string;
  kind: string;
  period: string;
  orgUnitCode: string;
  windowStart: string;
  windowEnd: string;
  trigger: string;
  generatedAt: Date;
}

/** The snapshot as this service wrote it (JSON.stringify of a ReportSnapshot): a json object. */
const snapshotColumn: Column<ReportSnapshot> = {
  expected: 'report snapshot (json object)',
  accepts: (value: unknown): value is ReportSnapshot => column.jsonObject.accepts(value),
};

const snapshotRow = rowShape({ snapshot: snapshotColumn });

/** The frozen period reports (`reports`). */
@Injectable()
export class ReportsRepository {
  constructor(@Inject(DataSource) private readonly db: SqlExecutor) {}

  /** This repository on `executor`: a transaction's EntityManager, so its writes commit or roll back with it. */
  in(executor: SqlExecutor): ReportsRepository {
    return new ReportsRepository(executor);
  }

  /**
   * Stores a report; a scheduled one exists once per kind, period and unit (a unique index holds that across
   * replicas): answers false, storing nothing, when it exists already.
   */
  async insert(report: StoredReport): Promise<boolean> {
    const { snapshot } = report;
    const inserted = await returningRows(
      this.db,
      insertedRow,
      `INSERT INTO reports (id, kind, period, org_unit_code, window_start, window_end, generated_at, trigger, snapshot)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
         ON CONFLICT (kind, period, org_unit_code) WHERE trigger = 'scheduled' DO NOTHING RETURNING id`,
      [
        snapshot.reportId,
        snapshot.kind,
        snapshot.period,
        report.orgUnitCode,
        snapshot.window.start,
        snapshot.window.end,
        snapshot.generatedAt,
        snapshot.trigger,
        JSON.stringify(snapshot),
      ],
    );
    return inserted.length > 0;
  }

  /** The newest `limit` reports. */
  async list(limit: number): Promise<ReportRow[]> {
    const rows = await selectRows(
      this.db,
      summaryRow,
      `SELECT id, kind, period, org_unit_code, window_start::text, window_end::text, trigger, generated_at FROM reports ORDER BY generated_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      period: r.period,
      orgUnitCode: r.org_unit_code,
      windowStart: r.window_start,
      windowEnd: r.window_end,
      trigger: r.trigger,
      generatedAt: r.generated_at,
    }));
  }

  /** A report's frozen snapshot, if it exists. */
  async snapshot(reportId: string): Promise<ReportSnapshot | undefined> {
    const row = await selectFirst(this.db, snapshotRow, `SELECT snapshot FROM reports WHERE id = $1`, [reportId]);
    return row?.snapshot;
  }
}
