import { ApiProperty } from '@nestjs/swagger';
import { IndicatorVersionViewDto } from './indicator-version-view.dto';

/** Response of GET /v1/indicators/:code/versions. */
export class IndicatorVersionsViewDto {
  @ApiProperty({ description: 'Indicator code', example: 'FIBRE_HH' })
  code!: string;

  @ApiProperty({ type: [IndicatorVersionViewDto], description: 'Every version, oldest first' })
  data!: IndicatorVersionViewDto[];
}
