import { EnvInt } from '@dxhub/config';
import { IsInt, IsString, Matches, Min } from 'class-validator';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository's seeds/ folder, found from this file whether it runs from src/ or dist/. */
function defaultSeedsDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'seeds', 'programme.json'))) return join(dir, 'seeds');
  }
  return join(process.cwd(), 'seeds');
}

export class TasksConfig {
  /** Folder with programme.json and agencies.json, loaded idempotently at start. */
  @IsString()
  SEEDS_DIR = defaultSeedsDir();

  /** Consumer group of the agencies' task-progress intake. */
  @IsString()
  TASK_PROGRESS_CONSUMER_GROUP = 'tasks-progress-intake';

  /** Consumer group that follows dx.indicators.events for tasks measured by indicators. */
  @IsString()
  INDICATOR_EVENTS_CONSUMER_GROUP = 'tasks-indicator-readings';

  /** How often the deadline scheduler runs; 0 turns it off (tests call it directly). */
  @EnvInt()
  @IsInt()
  @Min(0)
  SCHEDULER_INTERVAL_MS = 60000;

  /** `task.due-soon` fires this many working days before the deadline (or fewer). */
  @EnvInt()
  @IsInt()
  @Min(0)
  DUE_SOON_WORKING_DAYS = 5;

  /** Working days overdue after which an overdue task is escalated to the lead agency's officer. */
  @EnvInt()
  @IsInt()
  @Min(1)
  ESCALATE_OFFICER_AFTER_WORKING_DAYS = 1;

  /** … to the lead agency's head. */
  @EnvInt()
  @IsInt()
  @Min(1)
  ESCALATE_AGENCY_HEAD_AFTER_WORKING_DAYS = 5;

  /** … to the provincial People's Committee office. */
  @EnvInt()
  @IsInt()
  @Min(1)
  ESCALATE_PROVINCIAL_OFFICE_AFTER_WORKING_DAYS = 10;

  /** The agency at the top of the escalation chain: the Office of the Provincial People's Committee. */
  @IsString()
  @Matches(/^[A-Z0-9]{2,32}$/)
  PROVINCIAL_OFFICE_AGENCY = 'VPUBND';
}
