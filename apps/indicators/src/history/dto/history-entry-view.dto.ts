import { ApiProperty } from '@nestjs/swagger';

/** One accepted report of a cell. */
export class HistoryEntryViewDto {
  @ApiProperty({ description: 'The event id (ce_id) the agency gave the report', example: '5b1d6c2e-…' })
  eventId!: string;

  @ApiProperty({ description: 'The event source (ce_source)', example: '/agencies/STTTT' })
  eventSource!: string;

  @ApiProperty({ description: 'The agency the report counts for', example: 'STTTT' })
  agencyCode!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'The value (null for a RATIO)', example: 45 })
  value!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'A RATIO’s numerator (null otherwise)' })
  numerator!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'A RATIO’s denominator (null otherwise)' })
  denominator!: number | null;

  @ApiProperty({ description: 'When the agency says it reported (ce_time), ISO timestamp; the latest counts' })
  reportedAt!: string;

  @ApiProperty({ description: 'When the platform received it, ISO timestamp' })
  receivedAt!: string;

  @ApiProperty({
    description: 'How it came in: the agency’s Kafka topic, `rest` or `xlsx`',
    example: 'dx.agency.STTTT.indicator-values',
  })
  channel!: string;

  @ApiProperty({ description: 'True for the report that counts now (the cell’s current value)' })
  current!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Event id of the report that counted before this one by the ordering rule (reported time, then arrival); null for the first',
  })
  replaces!: string | null;

  @ApiProperty({
    description: 'True when a report with a later reported time had already arrived: this one never counted',
  })
  arrivedLate!: boolean;
}
