import { IsInt, Min } from 'class-validator';
import { TaskEventBaseV1 } from '../task-event/task-event-base.v1';

/** `dx.task.due-soon` v1: A task is due within the configured number of working days (once per task and deadline). */
export class TaskDueSoonV1 extends TaskEventBaseV1 {
  /** Working days until the deadline (Vietnamese calendar). */
  @IsInt()
  @Min(0)
  workingDaysLeft!: number;
}
