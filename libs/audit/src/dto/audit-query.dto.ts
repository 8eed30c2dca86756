import { IsServedInstant } from '@dxhub/calendar';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Agency code', example: 'STTTT' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,32}$/, { message: 'agency must be an agency code (A-Z, 0-9)' })
  agency?: string;

  @ApiPropertyOptional({ description: 'The actor: a token sub, or kafka:<AGENCY>' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  actor?: string;

  @ApiPropertyOptional({ description: 'The action, exactly: `POST /v1/indicators`, `indicator-value.reported`' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  action?: string;

  @ApiPropertyOptional({ description: 'From this time on (inclusive), ISO 8601', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsServedInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Before this time (exclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsServedInstant()
  to?: string;

  @ApiPropertyOptional({ description: 'Keyset cursor: `nextCursor` of the previous page (an entry id)' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,14}(\.[1-9][0-9]{0,8})?$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ description: 'Entries per page (1–500)', default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
