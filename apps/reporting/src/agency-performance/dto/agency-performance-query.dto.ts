import { IsDhis2Period } from '@dxhub/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class AgencyPerformanceQueryDto {
  @ApiProperty({ example: '2024S2' })
  @IsDhis2Period()
  period!: string;
}
