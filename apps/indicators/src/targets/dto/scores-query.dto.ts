import { IsDhis2Period, ORG_UNIT_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** Query of GET /v1/scores: one org unit and period. */
export class ScoresQueryDto {
  @ApiProperty({
    description: 'GSO code of the org unit; the version in force at the end of the period',
    example: '82',
  })
  @Matches(ORG_UNIT_CODE_PATTERN, { message: 'orgUnit must be a GSO code of 2, 3 or 5 digits' })
  orgUnit!: string;

  @ApiProperty({ description: 'A year in DHIS2 notation (scores are yearly)', example: '2023' })
  @IsDhis2Period()
  period!: string;
}
