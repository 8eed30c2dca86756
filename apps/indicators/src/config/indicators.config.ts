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

  /**
   * Partitions whose batches are taken at the same time: those that arrive together are applied in one
   * transaction (see INTAKE_TRANSACTIONS), so this is how many partitions' batches one transaction may
   * gather (all the agencies' partitions by default).
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  INTAKE_PARTITIONS_CONCURRENTLY = 12;

  /**
   * Intake transactions at a time (Kafka batches and HTTP requests alike); what arrives meanwhile waits
   * and goes into the next one together (group commit). Two keep PostgreSQL busy while the service
   * prepares the next. Safe with more: a transaction locks its indicators in code order.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  INTAKE_TRANSACTIONS = 2;

  /** Consumer group of the intake; replicas share the agencies' partitions. */
  @IsString()
  INTAKE_CONSUMER_GROUP = 'indicators-intake';
}
