import { INDICATOR_CODE_PATTERN, IsDhis2Period, ORG_UNIT_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** A cell as the approver saw it in the list: `reportId` is the version approved or returned. */
export class ApprovalCellDto {
  @ApiProperty({ example: 'BTS_COUNT' })
  @Matches(INDICATOR_CODE_PATTERN, { message: 'indicatorCode must be an indicator code (e.g. BTS_COUNT)' })
  indicatorCode!: string;

  @ApiProperty({ description: 'GSO code; the version in force at the end of the period', example: '28249' })
  @Matches(ORG_UNIT_CODE_PATTERN, { message: 'orgUnitCode must be a GSO code of 2, 3 or 5 digits' })
  orgUnitCode!: string;

  @ApiProperty({ example: '2026S2' })
  @IsDhis2Period()
  period!: string;

  @ApiProperty({
    description:
      'The `reportId` the list showed. If the cell’s value is another report by now, nothing is changed (409).',
    example: '1042',
  })
  @Matches(/^[1-9]\d{0,18}$/, { message: 'reportId must be the reportId of the cell as listed (digits)' })
  reportId!: string;
}
