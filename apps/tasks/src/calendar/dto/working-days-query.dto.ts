import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsServedDate } from '@dxhub/calendar';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Query of GET /v1/calendar/working-days: every date within the served years, so every answer is cheap. */
export class WorkingDaysQueryDto {
  @ApiProperty({ example: '2026-02-12' })
  @IsServedDate()
  from!: string;

  @ApiPropertyOptional({ example: '2026-02-24' })
  @IsOptional()
  @IsServedDate()
  to?: string;

  @ApiPropertyOptional({ example: 5, description: 'Working days to add to `from` (negative: before it)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'add must be a whole number of working days' })
  @Min(-9999)
  @Max(9999)
  add?: number;
}
