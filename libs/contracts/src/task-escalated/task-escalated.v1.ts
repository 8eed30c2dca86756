import { IsIn, IsString, Matches } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '../topics';
import { TaskEventBaseV1 } from '../task-event/task-event-base.v1';
import { ESCALATION_LEVELS, type EscalationLevel } from '../task-event/task-states';

/** `dx.task.escalated` v1: An overdue task was escalated one level up the chain. */
export class TaskEscalatedV1 extends TaskEventBaseV1 {
  /** officer, agency-head or provincial-office. */
  @IsIn(ESCALATION_LEVELS)
  level!: EscalationLevel;

  /** The agency the escalation goes to (the lead agency, or the provincial office). */
  @IsString()
  @Matches(AGENCY_CODE_PATTERN, { message: 'escalatedTo must be an agency code' })
  escalatedTo!: string;
}
