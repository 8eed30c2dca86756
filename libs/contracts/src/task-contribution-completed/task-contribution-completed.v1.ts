import { IsString, Matches } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '../topics';
import { TaskEventBaseV1 } from '../task-event/task-event-base.v1';

/** `dx.task.contribution-completed` v1: A coordinating agency completed its contribution to a task. */
export class TaskContributionCompletedV1 extends TaskEventBaseV1 {
  /** The coordinating agency. */
  @IsString()
  @Matches(AGENCY_CODE_PATTERN, { message: 'agency must be an agency code' })
  agency!: string;
}
