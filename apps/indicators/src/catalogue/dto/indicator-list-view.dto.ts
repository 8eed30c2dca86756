import { ApiProperty } from '@nestjs/swagger';
import { IndicatorViewDto } from './indicator-view.dto';

/** Response of GET /v1/indicators. */
export class IndicatorListViewDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The date the definitions stood on; null for the latest versions',
  })
  at!: string | null;

  @ApiProperty({ type: [IndicatorViewDto], description: 'The indicators, by code' })
  data!: IndicatorViewDto[];
}
