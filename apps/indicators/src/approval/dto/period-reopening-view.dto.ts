import { ApiProperty } from '@nestjs/swagger';

/** One re-opening of a closed period by the programme office. */
export class PeriodReopeningViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ example: '2025S1' })
  period!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ description: 'ISO timestamp' })
  openUntil!: string;

  @ApiProperty({ description: 'Token sub of who re-opened it' })
  openedBy!: string;

  @ApiProperty({ example: 'SKHCN' })
  agency!: string;

  @ApiProperty({ description: 'ISO timestamp' })
  openedAt!: string;
}
