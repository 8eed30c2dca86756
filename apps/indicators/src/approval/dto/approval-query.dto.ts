import { INDICATOR_CODE_PATTERN, IsDhis2Period } from '@dxhub/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { APPROVAL_STATUSES, type ApprovalStatus } from '../approval-status';

export const APPROVAL_MAX_LIMIT = 500;

/** Query of GET /v1/indicator-values/approvals. */
export class ApprovalQueryDto {
  @ApiPropertyOptional({ enum: APPROVAL_STATUSES, description: 'Which cells (default pending)' })
  @IsOptional()
  @IsIn(APPROVAL_STATUSES)
  status?: ApprovalStatus;

  @ApiPropertyOptional({ description: 'Only this indicator', example: 'BTS_COUNT' })
  @IsOptional()
  @Matches(INDICATOR_CODE_PATTERN, { message: 'indicator must be an indicator code (e.g. BTS_COUNT)' })
  indicator?: string;

  @ApiPropertyOptional({ description: 'Only this period (DHIS2 notation)', example: '2026S2' })
  @IsOptional()
  @IsDhis2Period()
  period?: string;

  @ApiPropertyOptional({ description: `Cells per page, 1–${APPROVAL_MAX_LIMIT} (default 100)`, example: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(APPROVAL_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  cursor?: string;
}
