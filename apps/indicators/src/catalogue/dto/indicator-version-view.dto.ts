import { ApiProperty } from '@nestjs/swagger';
import { IndicatorDefinitionDto } from './indicator-definition.dto';

/** One formula version of an indicator. */
export class IndicatorVersionViewDto {
  @ApiProperty({ description: 'Indicator code', example: 'FIBRE_HH' })
  code!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'First day in force; null for the first version (in force from the beginning)',
    example: '2026-01-01',
  })
  effectiveFrom!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Last day in force (the day before the next version); null for the latest',
  })
  effectiveTo!: string | null;

  @ApiProperty({ description: 'When the version was recorded (ISO timestamp)' })
  createdAt!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Who recorded it: seed, backfill, or null (API requests carry no identity yet)',
  })
  createdBy!: string | null;

  @ApiProperty({ type: IndicatorDefinitionDto, description: 'The definition in force in that range' })
  definition!: IndicatorDefinitionDto;
}
