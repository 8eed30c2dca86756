import { ApiProperty } from '@nestjs/swagger';
import { IndicatorValueResultDto } from './indicator-value-result.dto';
import { IntakeTallyDto } from './intake-tally.dto';

export class IndicatorValuesReportDto extends IntakeTallyDto {
  @ApiProperty({ type: [IndicatorValueResultDto], description: 'One per value, in request order' })
  results!: IndicatorValueResultDto[];
}
