import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What every intake report starts with: the counts, and the error fields when nothing was accepted. */
export class IntakeTallyDto {
  @ApiPropertyOptional({
    example: 422,
    description: 'Only when nothing was accepted (422): the error fields of every error body',
  })
  statusCode?: number;

  @ApiPropertyOptional({ example: 'NO_VALUES_ACCEPTED' })
  error?: string;

  @ApiPropertyOptional({ example: 'none of the 2 values was accepted: each result says why' })
  message?: string;

  @ApiProperty({ example: 1 })
  accepted!: number;

  @ApiProperty({ example: 0 })
  duplicates!: number;

  @ApiProperty({ example: 1 })
  rejected!: number;
}
