import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Min } from 'class-validator';

export class ReportingConfig {
  /** Consumer group of the read-model projector; a new name replays the topics from the beginning. */
  @IsString()
  AGGREGATES_CONSUMER_GROUP = 'reporting-aggregates';

  /** Consumer group of the tasks read model (dx.tasks.events). */
  @IsString()
  TASKS_CONSUMER_GROUP = 'reporting-tasks';

  /** How often the report schedule looks for periods whose cut-off date has passed; 0 turns it off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  REPORT_SCHEDULE_INTERVAL_MS = 3600000;

  /** The org unit the scheduled period reports are for (the province). */
  @Matches(/^\d{2}(\d|\d{3})?$/)
  REPORT_ORG_UNIT = '82';

  /** Where readers reach the indicators service (open-data provenance links to its explain endpoint). */
  @IsString()
  INDICATORS_PUBLIC_URL = 'http://127.0.0.1:3002';

  /** The licence the open-data feed states. */
  @IsString()
  OPEN_DATA_LICENSE = 'CC BY 4.0';

  /** Where people use the platform (apps/web): this service's root leads to its dashboard. */
  @Matches(/^https?:\/\/[^\s"'<>]+$/, { message: 'WEB_PUBLIC_URL must be the web app’s http(s) address' })
  WEB_PUBLIC_URL = 'http://127.0.0.1:3000';
}
