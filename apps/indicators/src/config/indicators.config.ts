import { EnvInt } from '@dxhub/config';
import { IsInt, IsString, Min } from 'class-validator';
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

  /** Consumer group of the intake; replicas share the agencies' partitions. */
  @IsString()
  INTAKE_CONSUMER_GROUP = 'indicators-intake';
}
