import { Inject, Injectable } from '@nestjs/common';
import { column, rowShape, type RowOf, selectFirst, selectRows } from '@dxhub/persistence';
import { DataSource } from 'typeorm';

/* The reports of one cell (the append-only `indicator_reports`), with which one is the current value. */

const historyRow = rowShape({
  id: column.text,
  event_id: column.text,
  event_source: column.text,
  agency_code: column.text,
  value: column.nullable(column.text),
  numerator: column.nullable(column.text),
  denominator: column.nullable(column.text),
  reported_at: column.timestamp,
  received_at: column.timestamp,
  topic: column.text,
  current: column.boolean,
  replaces: column.nullable(column.text),
  arrived_late: column.boolean,
});
/** A row whose columns nobody reads: the statement answers whether there is one. */
const anyRow = rowShape({});

/** One report of a cell, with what it replaced in the ordering rule and whether it arrived late. */
export type HistoryRow = RowOf<typeof historyRow>;

@Injectable()
export class IndicatorHistoryRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * A page of the cell's reports, newest first in the order that decides the current value (reported time,
   * then arrival id), after the report `after` (limit + 1 rows). The window functions run over the whole
   * cell before the page is cut, so `replaces` and `arrived_late` do not depend on the page. lag() follows
   * the ordering rule; arrived_late compares each report with the latest reported time among those that
   * arrived before it (lower id).
   */
  reportsOfCell(
    cell: { indicator: string; orgUnitId: number; period: string },
    after: string | null,
    rows: number,
  ): Promise<HistoryRow[]> {
    return selectRows(
      this.dataSource,
      historyRow,
      `WITH cell AS (
         SELECT r.id, r.event_id, r.event_source, r.agency_code, r.value::text AS value, r.numerator::text AS numerator,
                r.denominator::text AS denominator, r.reported_at, r.received_at, r.topic,
                lag(r.event_id) OVER by_rule AS replaces,
                coalesce(max(r.reported_at) OVER by_arrival > r.reported_at, false) AS arrived_late
         FROM indicator_reports r
         WHERE r.indicator_code = $1 AND r.org_unit_id = $2 AND r.period = $3
         WINDOW by_rule AS (ORDER BY r.reported_at, r.id),
                by_arrival AS (ORDER BY r.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
       )
       SELECT c.*, (v.report_id IS NOT NULL) AS current
       FROM cell c
       LEFT JOIN indicator_values v
         ON v.indicator_code = $1 AND v.org_unit_id = $2 AND v.period = $3 AND v.report_id = c.id
       WHERE $4::bigint IS NULL
          OR (c.reported_at, c.id) < (SELECT p.reported_at, p.id FROM cell p WHERE p.id = $4::bigint)
       ORDER BY c.reported_at DESC, c.id DESC
       LIMIT $5`,
      [cell.indicator, cell.orgUnitId, cell.period, after, rows],
    );
  }

  /** Whether the report is one of the cell's. */
  async isReportOfCell(
    reportId: string,
    cell: { indicator: string; orgUnitId: number; period: string },
  ): Promise<boolean> {
    const found = await selectFirst(
      this.dataSource,
      anyRow,
      'SELECT 1 FROM indicator_reports WHERE id = $1 AND indicator_code = $2 AND org_unit_id = $3 AND period = $4',
      [reportId, cell.indicator, cell.orgUnitId, cell.period],
    );
    return found !== undefined;
  }
}
