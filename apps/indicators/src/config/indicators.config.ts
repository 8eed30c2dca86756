import { EnvInt } from '@dxhub/config';
import { IsInt, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseClosingRules } from './closing-rules';

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

  /**
   * Reports one intake transaction gathers at most (a submission larger than this goes alone). About one
   * partition's fetch (1 MiB, some 2,300 agency reports), so that when several partitions' batches wait they
   * go into INTAKE_TRANSACTIONS transactions side by side instead of one: with 10,000 one transaction took
   * everything waiting, the other stayed idle and kafkajs fetched nothing until it committed. Measured with
   * `npm run bench:indicators` (30,000 events, seven pairs back to back): events/s +11 % (median), more of the
   * machine's two cores busy during intake (1.62-1.78 → 1.76-1.83 in six pairs).
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  INTAKE_MAX_REPORTS_PER_TRANSACTION = 2500;

  /** Consumer group of the intake; replicas share the agencies' partitions. */
  @IsString()
  INTAKE_CONSUMER_GROUP = 'indicators-intake';

  /** How often the obligation scheduler looks for periods that opened, fall due soon or went overdue; 0 turns it off. */
  @EnvInt()
  @IsInt()
  @Min(0)
  OBLIGATION_SCHEDULER_INTERVAL_MS = 60000;

  /**
   * How often the obligation periods touched by reports, opened or defined are recounted and their changed counts
   * published (`dx.obligation.progress-updated`): the counts follow the reports within about this. 0 turns it off.
   */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(3600000)
  OBLIGATION_PROGRESS_INTERVAL_MS = 2000;

  /**
   * How long a DTI score stays stale before it is recomputed (targets/target-jobs.ts): scores follow their
   * achievements within about this delay (and a second), and under a steady intake it is also how often the same
   * org units and periods are rescored and published. 10 s behind costs nobody; at 2,000 reports/s every 3 s took
   * a sixth of a core. 0 turns it off.
   */
  @EnvInt()
  @IsInt()
  @Min(0)
  SCORE_REFRESH_INTERVAL_MS = 10000;

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

  /**
   * The programme office: the agency that runs the programme (DOMAIN.md §3.3: STTTT, the lead agency for
   * digital transformation, succeeded by SKHCN from 2025-03-01). It approves the values of indicators that
   * name no approvingAgency, and re-opens closed periods. Followed along successions.
   */
  @Matches(/^[A-Z0-9]{2,32}$/, { message: 'APPROVAL_PROGRAMME_OFFICE must be an agency code' })
  APPROVAL_PROGRAMME_OFFICE = 'STTTT';

  /**
   * Period locking, off when empty: `<PERIOD_TYPE>=<N>wd` (N working days after the period end) or `=<N>d`
   * (calendar days), comma-separated, e.g. `MONTHLY=10wd,QUARTERLY=15wd,YEARLY=30d`. Later reports for a
   * closed period are refused unless the programme office re-opened it.
   */
  @IsString()
  @ValidateBy({
    name: 'closingRules',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseClosingRules(value).problems.length === 0,
      defaultMessage: (args) =>
        `PERIOD_CLOSING_RULES: ${typeof args?.value === 'string' ? parseClosingRules(args.value).problems.join('; ') : 'must be a string'}`,
    },
  })
  PERIOD_CLOSING_RULES = '';
}
