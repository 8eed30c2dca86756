import { IsServedInstant } from '@dxhub/calendar';
import { AGENCY_CODE_PATTERN, parseRfc3339, type RejectionCode, RejectionCodes } from '@dxhub/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { REJECTIONS_DEFAULT_LIMIT, REJECTIONS_MAX_LIMIT } from '../rejection-query';

const REJECTION_CODE_LIST = Object.values(RejectionCodes);

/** An RFC 3339 date-time (with its offset), as the envelope rules read `ce_time`. */
function IsRfc3339(): PropertyDecorator {
  return ValidateBy({
    name: 'isRfc3339',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !Number.isNaN(parseRfc3339(value)),
      defaultMessage: (args) =>
        `${args?.property} must be an RFC 3339 time with its offset, such as 2026-11-27T08:00:00+07:00, got '${String(args?.value)}'`,
    },
  });
}

/** Query of GET /v1/rejections. */
export class RejectionsQueryDto {
  @ApiPropertyOptional({
    description: 'Agency code: the token’s agency by default; another only for programme-office and admin',
    example: 'SKHCN',
  })
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN, { message: 'agency must be an agency code (A-Z, 0-9)' })
  agency?: string;

  @ApiPropertyOptional({
    description: 'Refused at or after this time (RFC 3339)',
    example: '2026-11-01T00:00:00+07:00',
  })
  @IsOptional()
  @IsRfc3339()
  @IsServedInstant()
  from?: string;

  @ApiPropertyOptional({
    description: 'Refused at or before this time (RFC 3339)',
    example: '2026-11-30T23:59:59+07:00',
  })
  @IsOptional()
  @IsRfc3339()
  @IsServedInstant()
  to?: string;

  @ApiPropertyOptional({ description: 'Only this reason code', enum: REJECTION_CODE_LIST, example: 'time-in-future' })
  @IsOptional()
  @IsIn(REJECTION_CODE_LIST, { message: `reasonCode must be one of ${REJECTION_CODE_LIST.join(', ')}` })
  reasonCode?: RejectionCode;

  @ApiPropertyOptional({
    description: `Refusals per page, 1–${REJECTIONS_MAX_LIMIT}`,
    default: REJECTIONS_DEFAULT_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(REJECTIONS_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(96)
  cursor?: string;
}
