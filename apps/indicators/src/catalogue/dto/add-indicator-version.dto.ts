import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { IndicatorDefinitionDto } from './indicator-definition.dto';
import { IsIsoDate } from './is-iso-date.decorator';

/** A new formula version of an indicator. */
export class AddIndicatorVersionDto {
  @ApiProperty({
    description:
      'First day the version is in force (YYYY-MM-DD), after the latest version’s; a period is built with the version in force on its last day',
    example: '2026-01-01',
  })
  @IsIsoDate()
  effectiveFrom!: string;

  @ApiProperty({
    type: IndicatorDefinitionDto,
    description: 'The whole definition from that day (same code and period type)',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => IndicatorDefinitionDto)
  definition!: IndicatorDefinitionDto;
}
