import { AGENCY_CODE_PATTERN, IsDhis2Period, OBLIGATION_CODE_PATTERN, ORG_UNIT_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** Query of GET /v1/obligations/completeness. */
export class CompletenessQueryDto {
  @ApiProperty({ example: '82', description: 'GSO code of the org unit; its figures include every unit under it' })
  @Matches(ORG_UNIT_CODE_PATTERN, { message: 'orgUnit must be a GSO code of 2, 3 or 5 digits' })
  orgUnit!: string;

  @ApiProperty({
    example: '2025Q4',
    description: 'Period in DHIS2 notation; finer obligations count each of their periods in it',
  })
  @IsDhis2Period()
  period!: string;

  @ApiPropertyOptional({
    example: 'SKHCN',
    description: 'Only the reports this agency owes (successors owe their predecessors’ obligations)',
  })
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN, { message: 'agency must be an agency code' })
  agency?: string;

  @ApiPropertyOptional({ example: 'CSDL_CONNECTED', description: 'Only this obligation' })
  @IsOptional()
  @Matches(OBLIGATION_CODE_PATTERN, { message: 'obligation must be an obligation code' })
  obligation?: string;
}
