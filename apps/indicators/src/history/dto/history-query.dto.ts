import { INDICATOR_CODE_PATTERN, IsDhis2Period, ORG_UNIT_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const HISTORY_MAX_LIMIT = 500;

/** Query of GET /v1/indicator-values/history: one cell (indicator, org unit, period). */
export class HistoryQueryDto {
  @ApiProperty({ description: 'Indicator code', example: 'BTS_COUNT' })
  @Matches(INDICATOR_CODE_PATTERN, { message: 'indicator must be an indicator code (e.g. BTS_COUNT)' })
  indicator!: string;

  @ApiProperty({
    description: 'GSO code of the org unit; the version in force at the end of the period',
    example: '816',
  })
  @Matches(ORG_UNIT_CODE_PATTERN, { message: 'orgUnit must be a GSO code of 2, 3 or 5 digits' })
  orgUnit!: string;

  @ApiProperty({ description: 'Period in DHIS2 notation: 2024, 2024S1, 2024Q3, 202407', example: '2024S2' })
  @IsDhis2Period()
  period!: string;

  @ApiPropertyOptional({ description: `Reports per page, 1–${HISTORY_MAX_LIMIT} (default 100)`, example: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(HISTORY_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  cursor?: string;
}
