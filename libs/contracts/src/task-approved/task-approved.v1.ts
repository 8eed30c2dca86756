import { TaskEventBaseV1 } from '../task-event/task-event-base.v1';

/** `dx.task.approved` v1: The reviewer approved a task (SUBMITTED → APPROVED). */
export class TaskApprovedV1 extends TaskEventBaseV1 {}
