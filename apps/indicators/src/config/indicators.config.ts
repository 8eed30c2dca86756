import { EnvInt } from '@dxhub/config';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository's seeds/ folder, found from this file whether it runs from src/ or dist/. */
function defaultSeedsDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'seeds', 'agencies.json'))) return join(dir, 'seeds');
  }
  return join(process.cwd(), 'seeds');
}

export class IndicatorsConfig {
  /** Folder with agencies.json, indicators.json and org-units/*.csv, loaded idempotently at start. */
  @IsString()
  SEEDS_DIR = defaultSeedsDir();

  /** How often to look for agencies (and so topics) added by another replica. */
  @EnvInt()
  @IsInt()
  @Min(0)
  AGENCY_TOPIC_REFRESH_MS = 30000;

  /**
   * Partitions whose batches are applied at the same time. Safe: a batch locks its indicators in code
   * order, so concurrent batches of different indicators overlap and those of one indicator queue.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  INTAKE_PARTITIONS_CONCURRENTLY = 3;

  /** Consumer group of the intake; replicas share the agencies' partitions. */
  @IsString()
  INTAKE_CONSUMER_GROUP = 'indicators-intake';

  /** How often the obligation scheduler looks for periods that opened, fall due soon or went overdue; 0 turns it off. */
  @EnvInt()
  @IsInt()
  @Min(0)
  OBLIGATION_SCHEDULER_INTERVAL_MS = 60000;

  /** `dx.obligation.due-soon` this many working days before a period's due day (while reports are missing). */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(60)
  OBLIGATION_DUE_SOON_WORKING_DAYS = 3;

  /**
   * Periods whose due day is older than this many days raise no more obligation events: a first start (or a new
   * obligation) does not flood agencies with notices about long-past periods.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(3660)
  OBLIGATION_EVENTS_LOOKBACK_DAYS = 31;
}
