import { IsInt, Min } from 'class-validator';
import { TaskEventBaseV1 } from '../task-event/task-event-base.v1';

/** `dx.task.overdue` v1: A task passed its deadline without approval (once per task and deadline). */
export class TaskOverdueV1 extends TaskEventBaseV1 {
  /** Working days since the deadline. */
  @IsInt()
  @Min(1)
  workingDaysOverdue!: number;
}
