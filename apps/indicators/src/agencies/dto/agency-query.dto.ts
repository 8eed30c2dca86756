import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIsoDate } from '../../catalogue/dto/is-iso-date.decorator';

/** Query of GET /v1/agencies. */
export class AgencyQueryDto {
  @ApiPropertyOptional({
    description: 'Only the agencies in force on this date (YYYY-MM-DD); default every agency version',
    example: '2024-12-31',
  })
  @IsOptional()
  @IsIsoDate()
  at?: string;
}
