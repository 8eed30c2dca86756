import { TaskEventBaseV1 } from '../task-event/task-event-base.v1';

/** `dx.task.submitted` v1: The lead agency submitted a task for review (IN_PROGRESS → SUBMITTED). */
export class TaskSubmittedV1 extends TaskEventBaseV1 {}
