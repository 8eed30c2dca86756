import { Inject, Injectable } from '@nestjs/common';
import type { TaskEventBaseV1 } from '@dxhub/contracts';
import { column, execute, type RowOf, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { DataSource } from 'typeorm';

/** A task's latest state as the projection writes it: the event's id, its payload, and the task's first approval. */
export interface TaskState {
  id: string;
  data: TaskEventBaseV1;
  approvedAt: string | null;
}

/** A return of a task by its reviewer: the dx.task.returned event's id and when it happened. */
export interface TaskReturn {
  id: string;
  taskId: string;
  occurredAt: string;
}

const agencyTaskFiguresRow = rowShape({
  agency: column.text,
  tasks: column.number,
  on_time: column.number,
  overdue: column.number,
  returned: column.number,
});

/** Per lead agency: its tasks, those approved by their due date, those open past it, and their returns. */
export type AgencyTaskFigures = RowOf<typeof agencyTaskFiguresRow>;

/** The condition under which an incoming task state replaces the stored one: a later (occurredAt, event id). */
const NEWER = '(t.occurred_at, t.event_id) < (EXCLUDED.occurred_at, EXCLUDED.event_id)';

/**
 * The tasks read model (`tasks`, `task_returns`) as dx.tasks.events tell it: written by the projection, read by
 * agency performance. Bound to an executor: the pool when Nest provides it, the consumer's transaction when the
 * projection builds one.
 */
@Injectable()
export class TasksRepository {
  constructor(@Inject(DataSource) private readonly db: SqlExecutor) {}

  /**
   * Upserts each task's state in one statement: the later (occurredAt, event id) wins field by field, and the
   * first approval time is kept whatever the order.
   */
  async upsertStates(rows: TaskState[]): Promise<void> {
    const col = <T>(f: (r: TaskState) => T) => rows.map(f);
    await execute(
      this.db,
      `INSERT INTO tasks AS t (task_id, code, title_vi, title_en, state, lead_agency, due_date, progress, approved_at, occurred_at, event_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::numeric[],
                            $9::timestamptz[], $10::timestamptz[], $11::text[])
       ON CONFLICT (task_id) DO UPDATE
         SET code = CASE WHEN newer THEN EXCLUDED.code ELSE t.code END,
             title_vi = CASE WHEN newer THEN EXCLUDED.title_vi ELSE t.title_vi END,
             title_en = CASE WHEN newer THEN EXCLUDED.title_en ELSE t.title_en END,
             state = CASE WHEN newer THEN EXCLUDED.state ELSE t.state END,
             lead_agency = CASE WHEN newer THEN EXCLUDED.lead_agency ELSE t.lead_agency END,
             due_date = CASE WHEN newer THEN EXCLUDED.due_date ELSE t.due_date END,
             progress = CASE WHEN newer THEN EXCLUDED.progress ELSE t.progress END,
             occurred_at = CASE WHEN newer THEN EXCLUDED.occurred_at ELSE t.occurred_at END,
             event_id = CASE WHEN newer THEN EXCLUDED.event_id ELSE t.event_id END,
             approved_at = LEAST(t.approved_at, EXCLUDED.approved_at)`.replace(/newer/g, NEWER),
      [
        col((r) => r.data.taskId),
        col((r) => r.data.code),
        col((r) => r.data.titleVi),
        col((r) => r.data.titleEn),
        col((r) => r.data.state),
        col((r) => r.data.leadAgency),
        col((r) => r.data.dueDate),
        col((r) => String(r.data.progressPercent)),
        col((r) => r.approvedAt),
        col((r) => r.data.occurredAt),
        col((r) => r.id),
      ],
    );
  }

  /** Records returns in one statement, each once (by event id). */
  async insertReturns(returns: TaskReturn[]): Promise<void> {
    await execute(
      this.db,
      `INSERT INTO task_returns (task_id, event_id, occurred_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) ON CONFLICT DO NOTHING`,
      [returns.map((r) => r.taskId), returns.map((r) => r.id), returns.map((r) => r.occurredAt)],
    );
  }

  /** Per lead agency: `today` (YYYY-MM-DD) decides what is overdue; on time is judged on Vietnam's calendar. */
  async figuresByAgency(today: string): Promise<AgencyTaskFigures[]> {
    return selectRows(
      this.db,
      agencyTaskFiguresRow,
      `SELECT t.lead_agency AS agency, count(*)::int AS tasks,
              count(*) FILTER (WHERE t.approved_at IS NOT NULL AND (t.approved_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= t.due_date)::int AS on_time,
              count(*) FILTER (WHERE t.state NOT IN ('APPROVED', 'CANCELLED') AND t.due_date < $1::date)::int AS overdue,
              coalesce(sum((SELECT count(*) FROM task_returns r WHERE r.task_id = t.task_id)), 0)::int AS returned
       FROM tasks t GROUP BY t.lead_agency`,
      [today],
    );
  }
}
