import { INDICATOR_CODE_PATTERN, TARGET_STATUSES } from '@dxhub/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ScoresQueryDto } from './scores-query.dto';

/** Query of GET /v1/aggregates/status: an org unit's aggregates for a period, optionally narrowed. */
export class StandingsQueryDto extends ScoresQueryDto {
  @ApiPropertyOptional({ description: 'Only this indicator', example: 'FIBRE_HH' })
  @IsOptional()
  @Matches(INDICATOR_CODE_PATTERN, { message: 'indicator must be an indicator code (e.g. FIBRE_HH)' })
  indicator?: string;

  @ApiPropertyOptional({ description: 'Only aggregates with this status', enum: TARGET_STATUSES })
  @IsOptional()
  @IsIn(TARGET_STATUSES, { message: `targetStatus must be one of ${TARGET_STATUSES.join(', ')}` })
  targetStatus?: string;
}
