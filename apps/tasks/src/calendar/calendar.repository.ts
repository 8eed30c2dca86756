import { Inject, Injectable } from '@nestjs/common';
import { column, execute, rowShape, type RowOf, selectRows, type SqlExecutor } from '@dxhub/persistence';
import type { YearNotice } from '@dxhub/calendar';
import { DataSource } from 'typeorm';
import { arrayOf } from '../database/enum-columns';

const noticeShape = rowShape({
  // bigint, read as text.
  id: column.text,
  year: column.number,
  daysOff: column.textArray,
  workingDays: column.textArray,
  replaces: arrayOf(['tet', 'national-day-adjacent'] as const),
  source: column.nullable(column.text),
  createdAt: column.timestamp,
  createdBy: column.text,
});
/** A notice row of calendar_notices, its dates as YYYY-MM-DD in order. */
export type NoticeRow = RowOf<typeof noticeShape>;

/** calendar_notices: the yearly days off and swapped working days the government announced. */
@Injectable()
export class CalendarRepository {
  constructor(@Inject(DataSource) private readonly pool: DataSource) {}

  /** Every notice, by year, read on the pool (outside any transaction). */
  notices(): Promise<NoticeRow[]> {
    return selectRows(
      this.pool,
      noticeShape,
      `SELECT id::text, year, ARRAY(SELECT to_char(d, 'YYYY-MM-DD') FROM unnest(days_off) d ORDER BY d) AS "daysOff",
              ARRAY(SELECT to_char(d, 'YYYY-MM-DD') FROM unnest(working_days) d ORDER BY d) AS "workingDays",
              replaces, source, created_at AS "createdAt", created_by AS "createdBy"
       FROM calendar_notices ORDER BY year, id`,
    );
  }

  async insert(tx: SqlExecutor, notice: YearNotice, createdBy: string): Promise<void> {
    await execute(
      tx,
      `INSERT INTO calendar_notices (year, days_off, working_days, replaces, source, created_by) VALUES ($1, $2::date[], $3::date[], $4, $5, $6)`,
      [notice.year, notice.daysOff, notice.workingDays, notice.replaces, notice.source ?? null, createdBy],
    );
  }
}
