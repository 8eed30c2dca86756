import { ApiProperty } from '@nestjs/swagger';

class ExplainedOrgUnitDto {
  @ApiProperty({ description: 'GSO code', example: '815' })
  code!: string;

  @ApiProperty({
    description: 'Vietnamese name of the version in force at the end of the period',
    example: 'Thành phố Mỹ Tho',
  })
  nameVi!: string;
}

export class ExplainRulesDto {
  @ApiProperty({ description: 'Rule over org units', example: 'SUM' })
  orgUnit!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Rule over time (null for a reported period)',
    example: 'LAST',
  })
  time!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'A RATIO’s factor', example: 100 })
  factor!: number | null;

  @ApiProperty({ description: 'The period type values are reported in', example: 'SIX_MONTHLY' })
  reportedPeriodType!: string;
}

export class ExplainedAggregateDto {
  @ApiProperty({ type: Number, nullable: true, example: 412 })
  value!: number | null;

  @ApiProperty({ description: 'Sum of numerators (RATIO)', example: 0 })
  numerator!: number;

  @ApiProperty({ description: 'Sum of denominators (RATIO)', example: 0 })
  denominator!: number;

  @ApiProperty({ description: 'Reports covered', example: 12 })
  valueCount!: number;

  @ApiProperty({ description: 'Reporting org units covered', example: 12 })
  unitCount!: number;

  @ApiProperty({ example: 3 })
  version!: number;

  @ApiProperty({ example: '2025-01-10T08:05:00.000Z' })
  updatedAt!: string;
}

/** An org unit's figure: what contributions and reports have in common. */
class FigureViewDto {
  @ApiProperty({ example: '28249' })
  orgUnitCode!: string;

  @ApiProperty({ example: 'Phường 1' })
  orgUnitName!: string;

  @ApiProperty({ type: Number, nullable: true, example: 10 })
  value!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  numerator!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  denominator!: number | null;
}

export class ContributionViewDto extends FigureViewDto {
  @ApiProperty({ description: 'Reports it covers', example: 1 })
  valueCount!: number;
}

class ExplainedReportDto extends FigureViewDto {
  @ApiProperty({ example: '2024S2' })
  period!: string;

  @ApiProperty({ description: 'The agency that reported it', example: 'STTTT' })
  agencyCode!: string;

  @ApiProperty({ description: 'CloudEvents id of the report (or the REST value id)', example: '9b6c…' })
  eventId!: string;

  @ApiProperty({ example: '/agencies/STTTT' })
  eventSource!: string;

  @ApiProperty({ description: 'When the agency reported it (ce_time)' })
  reportedAt!: string;

  @ApiProperty({ description: 'When the platform accepted it' })
  receivedAt!: string;

  @ApiProperty({ description: 'The agency topic, or rest / xlsx', example: 'dx.agency.STTTT.indicator-values' })
  channel!: string;

  @ApiProperty({ description: 'False when the rule over time passes it over (LAST counts only the latest sub-period)' })
  counted!: boolean;
}

/** Response of GET /v1/aggregates/explain. */
export class ExplanationViewDto {
  @ApiProperty({ example: 'BTS_COUNT' })
  indicator!: string;

  @ApiProperty({ type: ExplainedOrgUnitDto })
  orgUnit!: ExplainedOrgUnitDto;

  @ApiProperty({ example: '2024' })
  period!: string;

  @ApiProperty({ type: ExplainRulesDto })
  rules!: ExplainRulesDto;

  @ApiProperty({ type: ExplainedAggregateDto })
  aggregate!: ExplainedAggregateDto;

  @ApiProperty({ type: ContributionViewDto, nullable: true, description: 'The org unit’s own reports’ figure' })
  own!: ContributionViewDto | null;

  @ApiProperty({ type: [ContributionViewDto], description: 'Each direct child’s aggregate, by code' })
  children!: ContributionViewDto[];

  @ApiProperty({
    type: [ExplainedReportDto],
    description: 'The current reports it is built from, by org unit and period',
  })
  reports!: ExplainedReportDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page of reports; null on the last',
  })
  nextCursor!: string | null;
}
