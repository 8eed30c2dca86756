import { TaskEventBaseV1 } from '../task-event/task-event-base.v1';

/** `dx.task.started` v1: The lead agency started work on a task (ASSIGNED → IN_PROGRESS). */
export class TaskStartedV1 extends TaskEventBaseV1 {}
