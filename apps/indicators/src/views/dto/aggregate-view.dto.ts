import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { ExplainedAggregateDto, ExplainRulesDto } from '../../explain/dto/explanation-view.dto';
import { AGGREGATE_VIEWS, APPROVAL_FILTERS, HIERARCHIES } from '../view-selection';

class ViewedOrgUnitDto {
  @ApiProperty({ example: '82' })
  code!: string;

  @ApiProperty({ example: 'Tỉnh Đồng Tháp' })
  nameVi!: string;

  @ApiProperty({ type: String, nullable: true, example: '2025-07-01' })
  validFrom!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  validTo!: string | null;
}

/** The figure's numbers: those of a stored aggregate, without its version. */
class FigureNumbersDto extends OmitType(ExplainedAggregateDto, ['version', 'updatedAt'] as const) {}

class ReportedFigureDto {
  @ApiProperty({ type: String, nullable: true, description: 'Exact decimal', example: '7' })
  value!: string | null;

  @ApiProperty({ type: String, nullable: true })
  numerator!: string | null;

  @ApiProperty({ type: String, nullable: true })
  denominator!: string | null;

  @ApiProperty({ example: 'c0a8…' })
  eventId!: string;

  @ApiProperty({ description: 'The agency that sent the report', example: 'STTTT' })
  agencyCode!: string;

  @ApiProperty({ example: '2025-01-06T08:00:00.000Z' })
  reportedAt!: string;

  @ApiProperty({ example: '2025-01-06T08:00:02.000Z' })
  receivedAt!: string;
}

class CorrectionDto {
  @ApiProperty({ example: '28252' })
  orgUnitCode!: string;

  @ApiProperty({ example: 'Phường 4' })
  orgUnitName!: string;

  @ApiProperty({ example: '2024S2' })
  period!: string;

  @ApiProperty({ type: ReportedFigureDto, nullable: true, description: 'The report this view reads (null: none yet)' })
  from!: ReportedFigureDto | null;

  @ApiProperty({ type: ReportedFigureDto, nullable: true, description: 'The report that counts now' })
  to!: ReportedFigureDto | null;
}

class RestatementDto {
  @ApiProperty({ description: 'How old units are placed on today’s units, and how a split is handled' })
  rule!: string;

  @ApiProperty({ type: [String], description: 'Units with no recorded successor, placed by their nearest ancestor' })
  placedByAncestor!: string[];

  @ApiProperty({ type: [String], description: 'Units that could not be placed on today’s units at all (left out)' })
  unplaced!: string[];
}

/** Response of GET /v1/aggregates: a figure computed from the stored values under the view it names. */
export class AggregateViewDto extends FigureNumbersDto {
  @ApiProperty({ example: 'BTS_COUNT' })
  indicatorCode!: string;

  @ApiProperty({ type: ViewedOrgUnitDto })
  orgUnit!: ViewedOrgUnitDto;

  @ApiProperty({ example: '2024' })
  period!: string;

  @ApiProperty({ enum: AGGREGATE_VIEWS, example: 'current' })
  view!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  asOf!: string | null;

  @ApiProperty({ enum: APPROVAL_FILTERS, example: 'all' })
  status!: string;

  @ApiProperty({ enum: HIERARCHIES, example: 'as-of-period' })
  hierarchy!: string;

  @ApiProperty({ type: ExplainRulesDto })
  rules!: ExplainRulesDto;

  @ApiPropertyOptional({
    description: 'The target path on the period’s last day (with a value and a target)',
    example: 76.6637,
  })
  target?: number;

  @ApiPropertyOptional({
    description: 'Percent of the target reached, direction-aware, capped at 120',
    example: 101.74,
  })
  achievement?: number;

  @ApiPropertyOptional({ enum: ['on-track', 'within-tolerance', 'off-track'], example: 'on-track' })
  targetStatus?: string;

  @ApiPropertyOptional({
    type: FigureNumbersDto,
    description: 'The current figure (pending values included), for a past view',
  })
  current?: FigureNumbersDto;

  @ApiPropertyOptional({ type: [CorrectionDto], description: 'Cells corrected since this view (first 500)' })
  corrections?: CorrectionDto[];

  @ApiPropertyOptional({ description: 'How many cells were corrected since this view in all' })
  correctionCount?: number;

  @ApiPropertyOptional({ type: RestatementDto, description: 'With hierarchy=restated' })
  restatement?: RestatementDto;
}
