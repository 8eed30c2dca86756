import { IsString, MinLength } from 'class-validator';
import { TaskEventBaseV1 } from '../task-event/task-event-base.v1';

/** `dx.task.returned` v1: The reviewer returned a task with a reason (SUBMITTED → IN_PROGRESS). */
export class TaskReturnedV1 extends TaskEventBaseV1 {
  /** Why it was returned. */
  @IsString()
  @MinLength(1)
  reason!: string;
}
