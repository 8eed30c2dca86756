import { IsString, Matches, MinLength } from 'class-validator';
import { TaskEventBaseV1 } from '../task-event/task-event-base.v1';
import { ISO_DATE_PATTERN } from '../codes';

/** `dx.task.deadline-extended` v1: A task's deadline moved; the reason stays in its history. */
export class TaskDeadlineExtendedV1 extends TaskEventBaseV1 {
  /** The deadline before the extension. */
  @IsString()
  @Matches(ISO_DATE_PATTERN, { message: 'previousDueDate must be a date YYYY-MM-DD' })
  previousDueDate!: string;

  /** Why it was extended. */
  @IsString()
  @MinLength(1)
  reason!: string;
}
