import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ObligationViewDto } from './obligation-view.dto';
import { ReportCountsViewDto } from './report-counts-view.dto';

class ObligationPeriodDto extends ReportCountsViewDto {
  @ApiProperty({ example: '202602' })
  period!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'SKHCN',
    description: 'The agency owing the period (a successor after a merger)',
  })
  agency!: string | null;

  @ApiPropertyOptional({ description: 'Why no agency owes the period (it ended without a successor)' })
  reason?: string;

  @ApiProperty({ example: '2026-02-14', description: 'The day the period’s data closes' })
  closesOn!: string;

  @ApiProperty({ example: '2026-02-15', description: 'The day reports become owed (dx.obligation.opened)' })
  opensOn!: string;

  @ApiProperty({ example: '2026-02-24', description: 'The last day a report is on time' })
  dueDate!: string;

  @ApiProperty({
    example: '2026-02-25',
    description: 'The first working day after the due day (dx.obligation.overdue)',
  })
  overdueOn!: string;

  @ApiProperty({ type: [String], description: 'Org units with a report missing' })
  missingOrgUnitCodes!: string[];
}

/** Response of GET /v1/obligations/:code. */
export class ObligationWithPeriodViewDto extends ObligationViewDto {
  @ApiPropertyOptional({ type: ObligationPeriodDto, description: 'With ?period=: that period' })
  period?: ObligationPeriodDto;
}
