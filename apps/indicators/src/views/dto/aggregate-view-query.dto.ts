import { INDICATOR_CODE_PATTERN, IsDhis2Period, ORG_UNIT_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { AGGREGATE_VIEWS, APPROVAL_FILTERS, HIERARCHIES } from '../view-selection';

/** Query of GET /v1/aggregates: one aggregate, and the view to read it in. */
export class AggregateViewQueryDto {
  @ApiProperty({ description: 'Indicator code', example: 'BTS_COUNT' })
  @Matches(INDICATOR_CODE_PATTERN, { message: 'indicator must be an indicator code (e.g. BTS_COUNT)' })
  indicator!: string;

  @ApiProperty({
    description:
      'GSO code: the version in force at the end of the period, or with hierarchy=restated the unit of today',
    example: '82',
  })
  @Matches(ORG_UNIT_CODE_PATTERN, { message: 'orgUnit must be a GSO code of 2, 3 or 5 digits' })
  orgUnit!: string;

  @ApiProperty({ description: 'DHIS2 notation: 2024, 2024S1, 2024Q3, 202407', example: '2024' })
  @IsDhis2Period()
  period!: string;

  @ApiPropertyOptional({
    enum: APPROVAL_FILTERS,
    default: 'all',
    description: '`all` counts pending values too; `approved` only the values their approving agency approved',
  })
  @IsOptional()
  @IsIn(APPROVAL_FILTERS, {
    message: `status must be one of ${APPROVAL_FILTERS.join(', ')} (all: pending values included; approved: approved values only)`,
  })
  status?: string;

  @ApiPropertyOptional({
    enum: AGGREGATE_VIEWS,
    default: 'current',
    description:
      '`current`: the value that counts in each cell now (as corrected since); `first-published`: each cell’s first ' +
      'accepted report, before any correction, with the corrections since listed',
  })
  @IsOptional()
  @IsIn(AGGREGATE_VIEWS, { message: `view must be one of ${AGGREGATE_VIEWS.join(', ')}` })
  view?: string;

  @ApiPropertyOptional({
    description:
      'The figure as it was known at this time: each cell’s winning report among those received by then ' +
      '(with view=first-published: first reports received by then); the corrections since are listed',
    example: '2025-01-31T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 timestamp such as 2025-01-31T00:00:00Z' })
  asOf?: string;

  @ApiPropertyOptional({
    enum: HIERARCHIES,
    default: 'as-of-period',
    description:
      '`as-of-period`: over the org units that existed at the time; `restated`: onto today’s units through the 2025 ' +
      'old → new mapping (a unit split between the unit read and another is refused with 409)',
  })
  @IsOptional()
  @IsIn(HIERARCHIES, { message: `hierarchy must be one of ${HIERARCHIES.join(', ')}` })
  hierarchy?: string;
}
