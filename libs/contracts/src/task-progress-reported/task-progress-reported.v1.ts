import { ArrayMaxSize, IsArray, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { HTTPS_URL_PATTERN, TASK_CODE_PATTERN } from '../task-event/task-states';

/**
 * `dx.task-progress.reported` v1: the lead agency of a task reports how far it is. Published to the agency's own
 * topic `dx.agency.<code>.task-progress`, keyed by the task code. The same `ce_id` counts once.
 */
export class TaskProgressReportedV1 {
  /** Code of the task in the programme tree, e.g. `G4.T2`. */
  @IsString()
  @Matches(TASK_CODE_PATTERN, { message: 'taskCode must look like G4.T2 (A-Z, 0-9, dots, hyphens)' })
  taskCode!: string;

  /** How far the task is, 0–100. */
  @IsNumber()
  @Min(0)
  @Max(100)
  percent!: number;

  /** What was done, for people. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  /** Links to the evidence (https only). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(HTTPS_URL_PATTERN, { each: true, message: 'evidenceLinks must be https URLs' })
  evidenceLinks?: string[];
}
