import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Min } from 'class-validator';

export class ReportingConfig {
  /** Consumer group of the read-model projector; a new name replays the topics from the beginning. */
  @IsString()
  AGGREGATES_CONSUMER_GROUP = 'reporting-aggregates';

  /** How often the report schedule looks for periods whose cut-off date has passed; 0 turns it off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  REPORT_SCHEDULE_INTERVAL_MS = 3600000;

  /** The org unit the scheduled period reports are for (the province). */
  @Matches(/^\d{2}(\d|\d{3})?$/)
  REPORT_ORG_UNIT = '82';
}
