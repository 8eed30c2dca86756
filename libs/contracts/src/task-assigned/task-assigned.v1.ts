import { TaskEventBaseV1 } from '../task-event/task-event-base.v1';

/** `dx.task.assigned` v1: A task was assigned to its lead agency (DRAFT → ASSIGNED). */
export class TaskAssignedV1 extends TaskEventBaseV1 {}
