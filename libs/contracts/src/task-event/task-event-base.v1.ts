import { IsArray, IsIn, IsISO8601, IsNumber, IsString, IsUUID, Matches, Max, Min, MinLength } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '../topics';
import { ISO_DATE_PATTERN } from '../codes';
import { TASK_CODE_PATTERN, TASK_STATES, type TaskState } from './task-states';

/**
 * What every `dx.task.*` v1 event says about its task, as it stands after the change. Published by the tasks
 * service to `dx.tasks.events`, keyed by `taskId`.
 */
export class TaskEventBaseV1 {
  /** The task's id (UUID). */
  @IsUUID()
  taskId!: string;

  /** The task's code in the programme tree, e.g. `G4.T2`. */
  @IsString()
  @Matches(TASK_CODE_PATTERN, { message: 'code must look like G4.T2 (A-Z, 0-9, dots, hyphens)' })
  code!: string;

  /** Title in Vietnamese. */
  @IsString()
  @MinLength(1)
  titleVi!: string;

  /** Title in English. */
  @IsString()
  @MinLength(1)
  titleEn!: string;

  /** Workflow state after the change: DRAFT, ASSIGNED, IN_PROGRESS, SUBMITTED, APPROVED, CANCELLED. */
  @IsIn(TASK_STATES)
  state!: TaskState;

  /** Code of the lead agency (it does the work and submits). */
  @IsString()
  @Matches(AGENCY_CODE_PATTERN, { message: 'leadAgency must be an agency code' })
  leadAgency!: string;

  /** Codes of the coordinating agencies (each completes its own contribution). */
  @IsArray()
  @IsString({ each: true })
  @Matches(AGENCY_CODE_PATTERN, { each: true, message: 'coordinatingAgencies must be agency codes' })
  coordinatingAgencies!: string[];

  /** Code of the reviewing agency (approves or returns). */
  @IsString()
  @Matches(AGENCY_CODE_PATTERN, { message: 'reviewerAgency must be an agency code' })
  reviewerAgency!: string;

  /** Current deadline, a Vietnamese calendar date `YYYY-MM-DD`. */
  @IsString()
  @Matches(ISO_DATE_PATTERN, { message: 'dueDate must be a date YYYY-MM-DD' })
  dueDate!: string;

  /** Progress 0–100 (own, or rolled up from sub-tasks, or from linked indicators). */
  @IsNumber()
  @Min(0)
  @Max(100)
  progressPercent!: number;

  /** When the change happened (RFC 3339). */
  @IsISO8601()
  occurredAt!: string;
}
