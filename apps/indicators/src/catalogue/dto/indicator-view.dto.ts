import { AGGREGATIONS, type Aggregation } from '@dxhub/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IndicatorDefinitionDto } from './indicator-definition.dto';

/** An indicator definition as the API returns it (documentation of the response). */
export class IndicatorViewDto extends IndicatorDefinitionDto {
  @ApiProperty({
    enum: AGGREGATIONS,
    description: 'The rule over org units, resolved (aggregation where the definition leaves it null)',
  })
  override orgUnitAggregation!: Aggregation;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'First day of the version shown; null for the first version, in force from the beginning',
    example: '2026-01-01',
  })
  effectiveFrom!: string | null;
}
