import { IsDhis2Period, INDICATOR_CODE_PATTERN } from '@dxhub/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class OpenDataQueryDto {
  @ApiPropertyOptional({ example: 'FIBRE_HH' })
  @IsOptional()
  @Matches(INDICATOR_CODE_PATTERN, { message: 'indicator must be an indicator code such as FIBRE_HH' })
  indicator?: string;

  @ApiPropertyOptional({ example: '2024S2' })
  @IsOptional()
  @IsDhis2Period()
  period?: string;
}
