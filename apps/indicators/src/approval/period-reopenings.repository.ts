import { Inject, Injectable } from '@nestjs/common';
import { column, isoTime, returningRows, rowShape, type RowOf, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { DataSource } from 'typeorm';

/* `period_reopenings`: the programme office's re-openings of closed periods, each until a time. */

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

/**
 * Records a re-opening granted at `openedAt`; answers its id. The time is the service's, as a manual lock's is: which
 * of the two came later decides whether the re-opening holds (period-manual-locks.repository.ts).
 */
export async function insertReopening(
  executor: SqlExecutor,
  reopening: { period: string; reason: string; openUntil: Date; openedBy: string; agency: string; openedAt: Date },
): Promise<string> {
  const [row] = await returningRows(
    executor,
    idRow,
    `INSERT INTO period_reopenings (period, reason, open_until, opened_by, agency, opened_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
    [
      reopening.period,
      reopening.reason,
      reopening.openUntil.toISOString(),
      reopening.openedBy,
      reopening.agency,
      reopening.openedAt.toISOString(),
    ],
  );
  return row.id;
}

/** The re-openings read outside a transaction (the re-opening uses the functions above in its own). */
@Injectable()
export class PeriodReopeningsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Every re-opening of the period (see reopeningsOf). */
  of(period: string): Promise<PeriodReopeningRow[]> {
    return reopeningsOf(this.dataSource, period);
  }
}
