import { Injectable } from '@nestjs/common';
import { column, returningRows, rowShape, type SqlExecutor } from '@dxhub/persistence';
import type { TaskNode } from '../tasks/task-row';

const taskIdShape = rowShape({ task_id: column.text });

/** task_reminders: each reminder under its (task, kind, deadline, level) key, so it fires once. */
@Injectable()
export class SchedulerRepository {
  /** Records a reminder under its key; false when it had fired already. */
  async claim(
    tx: SqlExecutor,
    task: TaskNode,
    kind: 'due-soon' | 'overdue' | 'escalated',
    level: string,
  ): Promise<boolean> {
    const rows = await returningRows(
      tx,
      taskIdShape,
      `INSERT INTO task_reminders (task_id, kind, due_date, level) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING task_id`,
      [task.id, kind, task.dueDate, level],
    );
    return rows.length > 0;
  }
}
