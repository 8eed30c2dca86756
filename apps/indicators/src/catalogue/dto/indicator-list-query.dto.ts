import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PILLARS } from '../indicator-definition';
import { IsIsoDate } from './is-iso-date.decorator';

/** Query of GET /v1/indicators. */
export class IndicatorListQueryDto {
  @ApiPropertyOptional({
    description: 'Definitions as they stood on this date (YYYY-MM-DD); default: the latest versions',
    example: '2025-06-30',
  })
  @IsOptional()
  @IsIsoDate()
  at?: string;

  @ApiPropertyOptional({ enum: PILLARS, description: 'Only indicators of this DTI pillar (as defined on `at`)' })
  @IsOptional()
  @IsIn(PILLARS)
  pillar?: (typeof PILLARS)[number];
}
