import { IsString } from 'class-validator';

export class ReportingConfig {
  /** Consumer group of the read-model projector; a new name replays the topics from the beginning. */
  @IsString()
  AGGREGATES_CONSUMER_GROUP = 'reporting-aggregates';
}
