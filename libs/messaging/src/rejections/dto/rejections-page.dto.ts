import { REJECTION_CHANNELS, RejectionCodes } from '@dxhub/contracts';
import { ApiProperty } from '@nestjs/swagger';

/** One refused event (GET /v1/rejections). */
export class RejectionViewDto {
  @ApiProperty({ description: 'Its row in the rejection log', example: '1042' })
  id!: string;

  @ApiProperty({
    enum: REJECTION_CHANNELS,
    description: 'How it came: a Kafka record, a REST value, a spreadsheet row',
  })
  channel!: string;

  @ApiProperty({ nullable: true, type: String, example: 'dx.agency.SKHCN.indicator-values' })
  topic!: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Kafka partition (null for REST and spreadsheets)' })
  partition!: number | null;

  @ApiProperty({ nullable: true, type: String, description: 'Kafka offset, as text (null for REST and spreadsheets)' })
  offset!: string | null;

  @ApiProperty({ nullable: true, type: String, description: '`ce_id`, or the value’s `id`; null when unreadable' })
  eventId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'dx.indicator-value.reported' })
  eventType!: string | null;

  @ApiProperty({ enum: Object.values(RejectionCodes), example: 'time-in-future' })
  reasonCode!: string;

  @ApiProperty({ description: 'What is wrong and, where it helps, how to fix it' })
  reason!: string;

  @ApiProperty({ example: '2026-11-27T03:04:05.000Z' })
  rejectedAt!: string;
}

export class RejectionsPageDto {
  @ApiProperty({ type: [RejectionViewDto] })
  items!: RejectionViewDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor!: string | null;
}
