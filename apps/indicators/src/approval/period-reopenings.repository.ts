import { Inject, Injectable } from '@nestjs/common';
import { column, isoTime, returningRows, rowShape, type RowOf, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { DataSource } from 'typeorm';

/* `period_reopenings`: the programme office's re-openings of closed periods, each until a time. */

const periodRow = rowShape({ period: column.text });
const reopeningRow = rowShape({
  id: column.text,
  period: column.text,
  reason: column.text,
  openUntil: column.text,
  openedBy: column.text,
  agency: column.text,
  openedAt: column.text,
});
const idRow = rowShape({ id: column.text });

/** A re-opening as the API shows it, times as ISO text in UTC. */
export type PeriodReopeningRow = RowOf<typeof reopeningRow>;

/** Which of the periods a re-opening holds open at `at`. */
export async function periodsReopenedAt(executor: SqlExecutor, periods: string[], at: Date): Promise<string[]> {
  const rows = await selectRows(
    executor,
    periodRow,
    `SELECT DISTINCT period FROM period_reopenings WHERE period = ANY($1::text[]) AND open_until > $2::timestamptz`,
    [periods, at.toISOString()],
  );
  return rows.map((r) => r.period);
}

/** Every re-opening of a period, newest first. */
export function reopeningsOf(executor: SqlExecutor, period: string): Promise<PeriodReopeningRow[]> {
  return selectRows(
    executor,
    reopeningRow,
    `SELECT id::text, period, reason, ${isoTime('open_until')} AS "openUntil",
              opened_by AS "openedBy", agency, ${isoTime('opened_at')} AS "openedAt"
       FROM period_reopenings WHERE period = $1 ORDER BY opened_at DESC, id DESC`,
    [period],
  );
}

/** Records a re-opening; answers its id. */
export async function insertReopening(
  executor: SqlExecutor,
  reopening: { period: string; reason: string; openUntil: Date; openedBy: string; agency: string },
): Promise<string> {
  const [row] = await returningRows(
    executor,
    idRow,
    `INSERT INTO period_reopenings (period, reason, open_until, opened_by, agency) VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
    [reopening.period, reopening.reason, reopening.openUntil.toISOString(), reopening.openedBy, reopening.agency],
  );
  return row.id;
}

/** The re-openings read outside a transaction (the intake's check and the re-opening use the functions above in theirs). */
@Injectable()
export class PeriodReopeningsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Every re-opening of the period (see reopeningsOf). */
  of(period: string): Promise<PeriodReopeningRow[]> {
    return reopeningsOf(this.dataSource, period);
  }
}
