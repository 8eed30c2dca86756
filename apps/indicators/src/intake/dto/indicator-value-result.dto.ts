import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class IndicatorValueResultDto {
  @ApiProperty({ example: 0, description: 'Position of the value in the request’s `values`, from 0' })
  index!: number;

  @ApiProperty({
    enum: ['accepted', 'duplicate', 'rejected'],
    description:
      'accepted: stored and rolled up; duplicate: this id was applied before, nothing changed; rejected: see reason',
  })
  status!: 'accepted' | 'duplicate' | 'rejected';

  @ApiPropertyOptional({ example: "unknown indicator 'BTS_CONUT'" })
  reason?: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'stttt-2024S2-815-bts',
    description: 'The event id used: the client’s, or one the server made up; null for a row refused before it had one',
  })
  id!: string | null;
}
