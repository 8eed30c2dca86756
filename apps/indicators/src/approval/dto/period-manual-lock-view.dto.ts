import { ApiProperty } from '@nestjs/swagger';

/** One lock of a period by the programme office, by hand. */
export class PeriodManualLockViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ description: 'Token sub of who locked it' })
  lockedBy!: string;

  @ApiProperty({ example: 'SKHCN' })
  agency!: string;

  @ApiProperty({ description: 'ISO timestamp: reports received from then on are refused' })
  lockedAt!: string;
}
