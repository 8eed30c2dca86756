import { TaskEventBaseV1 } from '../task-event/task-event-base.v1';

/** `dx.task.progress-updated` v1: A task's progress changed (a report from its lead agency, or a roll-up). */
export class TaskProgressUpdatedV1 extends TaskEventBaseV1 {}
