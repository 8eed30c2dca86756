import { ApiProperty } from '@nestjs/swagger';

/** A succession link seen from one side: the other agency and the day the succession took effect. */
export class AgencyLinkDto {
  @ApiProperty({ description: 'The other agency’s code', example: 'SKHCN' })
  code!: string;

  @ApiProperty({
    description: 'First day the successor holds the responsibilities (YYYY-MM-DD)',
    example: '2025-03-01',
  })
  effectiveFrom!: string;
}
