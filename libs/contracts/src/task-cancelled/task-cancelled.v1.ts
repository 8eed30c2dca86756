import { IsString, MinLength } from 'class-validator';
import { TaskEventBaseV1 } from '../task-event/task-event-base.v1';

/** `dx.task.cancelled` v1: A task was cancelled, with a reason. */
export class TaskCancelledV1 extends TaskEventBaseV1 {
  /** Why it was cancelled. */
  @IsString()
  @MinLength(1)
  reason!: string;
}
