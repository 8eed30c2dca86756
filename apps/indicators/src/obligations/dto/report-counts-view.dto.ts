import { ApiProperty } from '@nestjs/swagger';

/** Completeness and timeliness of a set of expected reports. */
export class ReportCountsViewDto {
  @ApiProperty({ example: 26, description: 'Reports expected: indicators × reporting org units of each period' })
  expectedReports!: number;

  @ApiProperty({ example: 12, description: 'Of those, received (a first report for the cell arrived)' })
  receivedReports!: number;

  @ApiProperty({ example: 8, description: 'Of those, received on or before the due day (Asia/Ho_Chi_Minh dates)' })
  onTimeReports!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '46.1538461538',
    description: 'received / expected × 100, 10 decimals; null when none expected',
  })
  completeness!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '30.7692307692',
    description: 'on time / expected × 100, 10 decimals; null when none expected',
  })
  timeliness!: string | null;
}
