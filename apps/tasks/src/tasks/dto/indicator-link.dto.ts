import { INDICATOR_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Matches } from 'class-validator';

export class IndicatorLinkDto {
  @ApiProperty({ example: 'FIBRE_HH' })
  @Matches(INDICATOR_CODE_PATTERN)
  indicatorCode!: string;

  @ApiProperty({ example: 68.3, description: 'Value at the start (0 % achievement)' })
  @IsNumber()
  baseline!: number;

  @ApiProperty({ example: 80, description: 'Value to reach (100 %); below the baseline for "lower is better"' })
  @IsNumber()
  target!: number;
}
