import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIsoDate } from './is-iso-date.decorator';

/** Query of GET /v1/indicators/:code: the definition on a date. */
export class IndicatorAtQueryDto {
  @ApiPropertyOptional({
    description:
      'The definition as it stood on this date (YYYY-MM-DD) and the agency responsible then; default: the latest version, and today for the agency',
    example: '2025-06-30',
  })
  @IsOptional()
  @IsIsoDate()
  at?: string;
}
