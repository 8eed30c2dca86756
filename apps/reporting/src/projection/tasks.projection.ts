import { EventTypes, type TaskEventBaseV1 } from '@dxhub/contracts';
import type { ProjectedEvent, SqlRunner } from './read-model.projection';

/** The dx.tasks.events types the tasks read model takes (each carries the task as it stands after the change). */
export const TASK_EVENT_TYPES = [
  EventTypes.TASK_ASSIGNED,
  EventTypes.TASK_STARTED,
  EventTypes.TASK_SUBMITTED,
  EventTypes.TASK_RETURNED,
  EventTypes.TASK_APPROVED,
  EventTypes.TASK_CANCELLED,
  EventTypes.TASK_DEADLINE_EXTENDED,
  EventTypes.TASK_DUE_SOON,
  EventTypes.TASK_OVERDUE,
  EventTypes.TASK_ESCALATED,
  EventTypes.TASK_CONTRIBUTION_COMPLETED,
  EventTypes.TASK_PROGRESS_UPDATED,
] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];

/**
 * Applies task events: the latest state per task by (occurredAt, event id), the first approval time,
 * and one row per return (by event id). Order-insensitive, like the indicators projection.
 */
export async function applyTaskEvents(sql: SqlRunner, events: ProjectedEvent[]): Promise<void> {
  const latest = new Map<string, { id: string; data: TaskEventBaseV1 }>();
  for (const e of events) {
    const data = e.data as TaskEventBaseV1;
    const held = latest.get(data.taskId);
    const later =
      !held || data.occurredAt > held.data.occurredAt || (data.occurredAt === held.data.occurredAt && e.id > held.id);
    if (later) latest.set(data.taskId, { id: e.id, data });
  }
  const approvals = new Map<string, string>();
  for (const e of events.filter((x) => x.type === EventTypes.TASK_APPROVED)) {
    const data = e.data as TaskEventBaseV1;
    const held = approvals.get(data.taskId);
    if (!held || data.occurredAt < held) approvals.set(data.taskId, data.occurredAt);
  }
  const rows = [...latest.values()];
  if (rows.length > 0) {
    const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
    await sql.query(
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
             approved_at = LEAST(t.approved_at, EXCLUDED.approved_at)`.replace(
        /newer/g,
        '(t.occurred_at, t.event_id) < (EXCLUDED.occurred_at, EXCLUDED.event_id)',
      ),
      [
        col((r) => r.data.taskId),
        col((r) => r.data.code),
        col((r) => r.data.titleVi),
        col((r) => r.data.titleEn),
        col((r) => r.data.state),
        col((r) => r.data.leadAgency),
        col((r) => r.data.dueDate),
        col((r) => String(r.data.progressPercent)),
        col((r) => approvals.get(r.data.taskId) ?? null),
        col((r) => r.data.occurredAt),
        col((r) => r.id),
      ],
    );
  }
  const returns = events.filter((e) => e.type === EventTypes.TASK_RETURNED);
  if (returns.length > 0) {
    await sql.query(
      `INSERT INTO task_returns (task_id, event_id, occurred_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) ON CONFLICT DO NOTHING`,
      [
        returns.map((e) => (e.data as TaskEventBaseV1).taskId),
        returns.map((e) => e.id),
        returns.map((e) => (e.data as TaskEventBaseV1).occurredAt),
      ],
    );
  }
}
