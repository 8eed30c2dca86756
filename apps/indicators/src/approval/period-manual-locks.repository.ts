import { Inject, Injectable } from '@nestjs/common';
import { column, isoTime, returningRows, rowShape, type RowOf, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { DataSource } from 'typeorm';

/*
 * `period_manual_locks`: the programme office's locks of periods by hand. Beside them, the one statement that says
 * what the locks and re-openings (`period_reopenings`) of some periods amount to at a moment, for the intake and the
 * API alike.
 */

const manualLockRow = rowShape({
  id: column.text,
  reason: column.text,
  lockedBy: column.text,
  agency: column.text,
  lockedAt: column.text,
});
const periodStateRow = rowShape({
  period: column.text,
  lockId: column.nullable(column.text),
  reason: column.nullable(column.text),
  lockedBy: column.nullable(column.text),
  agency: column.nullable(column.text),
  lockedAt: column.nullable(column.text),
  openUntil: column.nullable(column.text),
});
const idRow = rowShape({ id: column.text });

/** A manual lock as the API shows it, its time as ISO text in UTC. */
export type PeriodManualLockRow = RowOf<typeof manualLockRow>;

/** What the programme office decided about a period as of a moment (see periodLocksAt). */
export interface PeriodLocksAt {
  /** The latest manual lock at or before the moment; null when none. */
  manualLock: PeriodManualLockRow | null;
  /** The latest end among the re-openings that hold at the moment; null when none holds. */
  openUntil: string | null;
}

/**
 * For each of the periods, as of `at`: the latest manual lock at or before `at`, and until when a re-opening holds
 * then — one whose `open_until` is still to come and that was granted after that lock (a lock ends the re-openings
 * granted before it). One statement however many periods, so the intake pays it once per batch.
 */
export async function periodLocksAt(
  executor: SqlExecutor,
  periods: string[],
  at: Date,
): Promise<Map<string, PeriodLocksAt>> {
  const rows = await selectRows(
    executor,
    periodStateRow,
    `SELECT p.period, l.id::text AS "lockId", l.reason, l.locked_by AS "lockedBy", l.agency,
            ${isoTime('l.locked_at')} AS "lockedAt",
            (SELECT ${isoTime('max(r.open_until)')} FROM period_reopenings r
              WHERE r.period = p.period AND r.open_until > $2::timestamptz
                AND (l.locked_at IS NULL OR r.opened_at > l.locked_at)) AS "openUntil"
       FROM unnest($1::text[]) AS p(period)
       LEFT JOIN LATERAL (
         SELECT m.id, m.reason, m.locked_by, m.agency, m.locked_at FROM period_manual_locks m
          WHERE m.period = p.period AND m.locked_at <= $2::timestamptz
          ORDER BY m.locked_at DESC, m.id DESC LIMIT 1
       ) l ON true`,
    [periods, at.toISOString()],
  );
  return new Map(
    rows.map((r) => [
      r.period,
      {
        manualLock:
          r.lockId === null || r.reason === null || r.lockedBy === null || r.agency === null || r.lockedAt === null
            ? null
            : { id: r.lockId, reason: r.reason, lockedBy: r.lockedBy, agency: r.agency, lockedAt: r.lockedAt },
        openUntil: r.openUntil,
      },
    ]),
  );
}

/** Every manual lock of a period, newest first. */
export function manualLocksOf(executor: SqlExecutor, period: string): Promise<PeriodManualLockRow[]> {
  return selectRows(
    executor,
    manualLockRow,
    `SELECT id::text, reason, locked_by AS "lockedBy", agency, ${isoTime('locked_at')} AS "lockedAt"
       FROM period_manual_locks WHERE period = $1 ORDER BY locked_at DESC, id DESC`,
    [period],
  );
}

/** Records a manual lock from `lockedAt` on; answers its id. */
export async function insertManualLock(
  executor: SqlExecutor,
  lock: { period: string; reason: string; lockedBy: string; agency: string; lockedAt: Date },
): Promise<string> {
  const [row] = await returningRows(
    executor,
    idRow,
    `INSERT INTO period_manual_locks (period, reason, locked_by, agency, locked_at) VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
    [lock.period, lock.reason, lock.lockedBy, lock.agency, lock.lockedAt.toISOString()],
  );
  return row.id;
}

/** The manual locks read outside a transaction (the intake and the lock itself use the functions above in theirs). */
@Injectable()
export class PeriodManualLocksRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Every manual lock of the period (see manualLocksOf). */
  of(period: string): Promise<PeriodManualLockRow[]> {
    return manualLocksOf(this.dataSource, period);
  }

  /** What the locks and re-openings of the period amount to at `at` (see periodLocksAt). */
  async at(period: string, at: Date): Promise<PeriodLocksAt> {
    return (await periodLocksAt(this.dataSource, [period], at)).get(period) ?? { manualLock: null, openUntil: null };
  }
}
