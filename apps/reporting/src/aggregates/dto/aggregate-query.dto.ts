import { INDICATOR_CODE_PATTERN, IsDhis2Period, ORG_UNIT_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class AggregateQueryDto {
  @ApiProperty({ example: 'FIBRE_HH' })
  @Matches(INDICATOR_CODE_PATTERN, { message: 'indicator must be an indicator code such as FIBRE_HH' })
  indicator!: string;

  @ApiProperty({ example: '82', description: 'GSO code; with the period it names one org-unit version' })
  @Matches(ORG_UNIT_CODE_PATTERN, { message: 'orgUnit must be a GSO code of 2, 3 or 5 digits' })
  orgUnit!: string;

  @ApiProperty({ example: '2024', description: 'DHIS2 notation: 2024, 2024S1, 2024Q3, 202407' })
  @IsDhis2Period()
  period!: string;
}
