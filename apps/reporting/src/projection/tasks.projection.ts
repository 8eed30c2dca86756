import { EventTypes, type TaskEventBaseV1 } from '@dxhub/contracts';
import type { SqlExecutor } from '@dxhub/persistence';
import { TasksRepository } from '../tasks/tasks.repository';
import type { ProjectedEvent } from './read-model.projection';

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
export async function applyTaskEvents(sql: SqlExecutor, events: ProjectedEvent[]): Promise<void> {
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
  const tasks = new TasksRepository(sql);
  const states = [...latest.values()].map((r) => ({ ...r, approvedAt: approvals.get(r.data.taskId) ?? null }));
  if (states.length > 0) await tasks.upsertStates(states);
  const returns = events.filter((e) => e.type === EventTypes.TASK_RETURNED);
  if (returns.length > 0) {
    await tasks.insertReturns(
      returns.map((e) => {
        const data = e.data as TaskEventBaseV1;
        return { id: e.id, taskId: data.taskId, occurredAt: data.occurredAt };
      }),
    );
  }
}
