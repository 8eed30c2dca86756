import { ApiProperty } from '@nestjs/swagger';
import { PeriodManualLockViewDto } from './period-manual-lock-view.dto';
import { PeriodReopeningViewDto } from './period-reopening-view.dto';

/** Whether a period takes reports: its closing rule, and the locks and re-openings of the programme office. */
export class PeriodLockViewDto {
  @ApiProperty({ example: '2025S1' })
  period!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The closing rule of its period type; null when that type never closes',
    example: 'SIX_MONTHLY periods close 10 working days after the period end',
  })
  closingRule!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Last day (Vietnamese calendar) reports are accepted without a re-opening',
    example: '2025-07-14',
  })
  lastReportingDay!: string | null;

  @ApiProperty({ description: 'Closed by its closing rule or by a manual lock' })
  closed!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Until when a re-opening lets reports in; null when none holds now',
  })
  openUntil!: string | null;

  @ApiProperty({ description: 'Whether a report arriving now is accepted' })
  acceptsReports!: boolean;

  @ApiProperty({
    type: PeriodManualLockViewDto,
    nullable: true,
    description:
      'The latest manual lock until now; null when none. A re-opening granted after it may hold (see acceptsReports)',
  })
  manualLock!: PeriodManualLockViewDto | null;

  @ApiProperty({ type: [PeriodManualLockViewDto], description: 'Every manual lock, latest first' })
  manualLocks!: PeriodManualLockViewDto[];

  @ApiProperty({ type: [PeriodReopeningViewDto], description: 'Every re-opening, latest first' })
  reopenings!: PeriodReopeningViewDto[];
}
