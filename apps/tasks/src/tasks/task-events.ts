import { randomUUID } from 'node:crypto';
import { type EventType, EventTypes, type PayloadOf, serviceSource, type TaskEventBaseV1 } from '@dxhub/contracts';
import type { OutboxEvent, OutboxEventOf } from '@dxhub/messaging';
import type { ProgrammeSnapshot } from './programme-snapshot';
import { isTask, type TaskNode } from './task-row';

const SOURCE = serviceSource('tasks');

/** Task event types: every catalog type whose payload is a TaskEventBaseV1. */
export type TaskEventType = Exclude<
  EventType,
  'dx.indicator-value.reported' | 'dx.indicator-aggregate.updated' | 'dx.task-progress.reported'
>;

/** The fields every task event carries, from the task as it stands after the change. */
export function taskEventBase(task: TaskNode, progressPercent: number, at: Date): TaskEventBaseV1 {
  return {
    taskId: task.id,
    code: task.code,
    titleVi: task.titleVi,
    titleEn: task.titleEn,
    state: task.state,
    leadAgency: task.leadAgency,
    coordinatingAgencies: [...task.coordinatingAgencies],
    reviewerAgency: task.reviewerAgency,
    dueDate: task.dueDate,
    progressPercent,
    occurredAt: at.toISOString(),
  };
}

/** An outbox row for a task event (dx.tasks.events, keyed by the task id); the payload type follows the event type. */
export function taskEvent<T extends TaskEventType>(
  type: T,
  payload: PayloadOf<T>,
  at: Date,
  id: string = randomUUID(),
): OutboxEvent {
  const p = payload as TaskEventBaseV1;
  const event: OutboxEventOf<T> = {
    key: p.taskId,
    id,
    type,
    source: SOURCE,
    subject: p.code,
    time: at.toISOString(),
    payload,
  };
  return event as OutboxEvent;
}

/** `dx.task.progress-updated` for every task whose rolled-up progress differs between two snapshots. */
export function progressChanges(before: ProgrammeSnapshot, after: ProgrammeSnapshot, at: Date): OutboxEvent[] {
  return after.nodes
    .filter(isTask)
    .filter((t) => before.progress.get(t.id) !== after.progress.get(t.id))
    .map((t) => taskEvent(EventTypes.TASK_PROGRESS_UPDATED, taskEventBase(t, after.progress.get(t.id) ?? 0, at), at));
}
