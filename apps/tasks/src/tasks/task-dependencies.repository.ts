import { Injectable } from '@nestjs/common';
import { column, execute, returningRows, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';
import type { Dependency } from '../graph/dependency-graph';

const edgeShape = rowShape({ blockerId: column.text, blockedId: column.text });
const blockerShape = rowShape({ blocker_id: column.text });
const codeShape = rowShape({ code: column.text });

/** task_dependencies: `blocker` must be approved or cancelled before `blocked` can start. */
@Injectable()
export class TaskDependenciesRepository {
  /** Every edge of the dependency graph. */
  edges(db: SqlExecutor): Promise<Dependency[]> {
    return selectRows(
      db,
      edgeShape,
      `SELECT blocker_id AS "blockerId", blocked_id AS "blockedId" FROM task_dependencies`,
    );
  }

  /** One writer of the dependency graph at a time (until the transaction ends), so two additions cannot close a loop together. */
  async lockGraph(tx: SqlExecutor): Promise<void> {
    await execute(tx, `SELECT pg_advisory_xact_lock(hashtext('tasks.task_dependencies'))`);
  }

  async add(tx: SqlExecutor, blockerId: string, blockedId: string): Promise<void> {
    await execute(tx, `INSERT INTO task_dependencies (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      blockerId,
      blockedId,
    ]);
  }

  /** Removes the edge; false when there was none. */
  async remove(tx: SqlExecutor, blockerId: string, blockedId: string): Promise<boolean> {
    const gone = await returningRows(
      tx,
      blockerShape,
      `DELETE FROM task_dependencies WHERE blocker_id = $1 AND blocked_id = $2 RETURNING blocker_id`,
      [blockerId, blockedId],
    );
    return gone.length > 0;
  }

  /** Codes of the tasks that block this one and are not yet approved or cancelled. */
  async openBlockers(db: SqlExecutor, taskId: string): Promise<string[]> {
    const rows = await selectRows(
      db,
      codeShape,
      `SELECT n.code FROM task_dependencies d JOIN programme_nodes n ON n.id = d.blocker_id
       WHERE d.blocked_id = $1 AND n.state NOT IN ('APPROVED', 'CANCELLED') ORDER BY n.code`,
      [taskId],
    );
    return rows.map((r) => r.code);
  }
}
