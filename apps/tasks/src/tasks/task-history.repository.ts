import { Inject, Injectable } from '@nestjs/common';
import { column, execute, rowShape, type RowOf, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { DataSource } from 'typeorm';

export interface HistoryEntry {
  at: Date;
  actor: string;
  agency: string | null;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

const historyShape = rowShape({
  // bigint, read as text.
  id: column.text,
  at: column.timestamp,
  actor: column.text,
  agency: column.nullable(column.text),
  action: column.text,
  fromState: column.nullable(column.text),
  toState: column.nullable(column.text),
  reason: column.nullable(column.text),
  details: column.json,
});
/** One change of a task as GET /v1/tasks/:ref/history lists it. */
export type TaskHistoryRow = RowOf<typeof historyShape>;

/** task_history: every change of a task, in order. */
@Injectable()
export class TaskHistoryRepository {
  constructor(@Inject(DataSource) private readonly pool: DataSource) {}

  async append(tx: SqlExecutor, taskId: string, action: string, entry: HistoryEntry): Promise<void> {
    await execute(
      tx,
      `INSERT INTO task_history (task_id, at, actor, agency, action, from_state, to_state, reason, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        taskId,
        entry.at.toISOString(),
        entry.actor,
        entry.agency,
        action,
        entry.fromState ?? null,
        entry.toState ?? null,
        entry.reason ?? null,
        entry.details ? JSON.stringify(entry.details) : null,
      ],
    );
  }

  /** A task's history, read on the pool (outside any transaction). */
  ofTask(taskId: string): Promise<TaskHistoryRow[]> {
    return selectRows(
      this.pool,
      historyShape,
      `SELECT id::text, at, actor, agency, action, from_state AS "fromState", to_state AS "toState", reason, details
       FROM task_history WHERE task_id = $1 ORDER BY id`,
      [taskId],
    );
  }
}
