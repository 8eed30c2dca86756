import { ApiProperty } from '@nestjs/swagger';
import { ReportCountsViewDto } from './report-counts-view.dto';

class CompletenessOrgUnitDto {
  @ApiProperty({ example: '82' })
  code!: string;

  @ApiProperty({ example: 'Tỉnh Tiền Giang' })
  nameVi!: string;
}

class ChildCountsDto extends ReportCountsViewDto {
  @ApiProperty({
    example: '815',
    description: 'A unit directly under the org unit (in the hierarchy of each period’s last day)',
  })
  orgUnitCode!: string;
}

class AgencyCountsDto extends ReportCountsViewDto {
  @ApiProperty({ example: 'SKHCN', description: 'The agency owing the reports' })
  agency!: string;
}

class PeriodCountsDto extends ReportCountsViewDto {
  @ApiProperty({ example: '2025Q4' })
  period!: string;

  @ApiProperty({ example: '2025-12-16', description: 'The due day these reports share' })
  dueDate!: string;
}

/** Response of GET /v1/obligations/completeness: the totals for the org unit and every unit under it, and their split. */
export class CompletenessViewDto extends ReportCountsViewDto {
  @ApiProperty({ type: CompletenessOrgUnitDto })
  orgUnit!: CompletenessOrgUnitDto;

  @ApiProperty({ example: '2025Q4' })
  period!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The agency filter, if any' })
  agency!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The obligation filter, if any' })
  obligation!: string | null;

  @ApiProperty({
    type: ReportCountsViewDto,
    nullable: true,
    description: 'The org unit’s own reports; null when it owes none itself',
  })
  own!: ReportCountsViewDto | null;

  @ApiProperty({ type: [ChildCountsDto], description: 'Each child’s reports, its own and its descendants’' })
  children!: ChildCountsDto[];

  @ApiProperty({ type: [AgencyCountsDto] })
  byAgency!: AgencyCountsDto[];

  @ApiProperty({
    type: [PeriodCountsDto],
    description: 'Per period and due day (a quarter’s months for monthly obligations)',
  })
  byPeriod!: PeriodCountsDto[];
}
