import { AGENCY_CODE_PATTERN, INDICATOR_CODE_PATTERN } from '@dxhub/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** Query of GET /v1/obligations. */
export class ObligationQueryDto {
  @ApiPropertyOptional({ example: 'STTTT', description: 'Only the obligations this agency declares' })
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN, { message: 'agency must be an agency code' })
  agency?: string;

  @ApiPropertyOptional({ example: 'BTS_COUNT', description: 'Only the obligations covering this indicator' })
  @IsOptional()
  @Matches(INDICATOR_CODE_PATTERN, { message: 'indicator must be an indicator code' })
  indicator?: string;
}
