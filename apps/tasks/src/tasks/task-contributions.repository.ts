import { Inject, Injectable } from '@nestjs/common';
import { column, execute, returningRows, rowShape, type RowOf, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { DataSource } from 'typeorm';

const contributionShape = rowShape({
  agency: column.text,
  completedAt: column.nullable(column.timestamp),
  completedBy: column.nullable(column.text),
  note: column.nullable(column.text),
});
/** A coordinating agency's contribution to a task, open until `completedAt`. */
export type Contribution = RowOf<typeof contributionShape>;

const agencyShape = rowShape({ agency: column.text });

/** task_contributions: one row per coordinating agency of a task. */
@Injectable()
export class TaskContributionsRepository {
  constructor(@Inject(DataSource) private readonly pool: DataSource) {}

  /** A task's contributions, read on the pool (outside any transaction). */
  ofTask(taskId: string): Promise<Contribution[]> {
    return selectRows(
      this.pool,
      contributionShape,
      `SELECT agency, completed_at AS "completedAt", completed_by AS "completedBy", note FROM task_contributions WHERE task_id = $1 ORDER BY agency`,
      [taskId],
    );
  }

  /** The agencies whose contribution is still open. */
  async open(db: SqlExecutor, taskId: string): Promise<string[]> {
    const rows = await selectRows(
      db,
      agencyShape,
      `SELECT agency FROM task_contributions WHERE task_id = $1 AND completed_at IS NULL ORDER BY agency`,
      [taskId],
    );
    return rows.map((r) => r.agency);
  }

  /** Completes an open contribution; false when it was completed already. */
  async complete(
    tx: SqlExecutor,
    taskId: string,
    agency: string,
    at: Date,
    by: string,
    note: string | null,
  ): Promise<boolean> {
    const done = await returningRows(
      tx,
      agencyShape,
      `UPDATE task_contributions SET completed_at = $3, completed_by = $4, note = $5 WHERE task_id = $1 AND agency = $2 AND completed_at IS NULL RETURNING agency`,
      [taskId, agency, at.toISOString(), by, note],
    );
    return done.length > 0;
  }

  /** One open contribution row per coordinating agency; rows of agencies no longer coordinating go. */
  async sync(tx: SqlExecutor, taskId: string, agencies: string[]): Promise<void> {
    await execute(tx, `DELETE FROM task_contributions WHERE task_id = $1 AND NOT (agency = ANY($2::text[]))`, [
      taskId,
      agencies,
    ]);
    await execute(
      tx,
      `INSERT INTO task_contributions (task_id, agency) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [taskId, agencies],
    );
  }
}
