import { ApiProperty } from '@nestjs/swagger';

class OrgUnitRefDto {
  @ApiProperty({ example: '816' })
  code!: string;

  @ApiProperty({ example: 'Thành phố Gò Công' })
  nameVi!: string;
}

class AggregateStandingDto {
  @ApiProperty({ example: 'FIBRE_HH' })
  indicator!: string;

  @ApiProperty({ description: 'The aggregate’s value', example: 61 })
  value!: number;

  @ApiProperty({
    description: 'The target path at the period’s last day (baseline → yearly targets, linear by days)',
    example: 76.6637,
  })
  target!: number;

  @ApiProperty({ description: 'The target year the path leads to', example: 2025 })
  targetYear!: number;

  @ApiProperty({ example: '>' })
  comparator!: string;

  @ApiProperty({ description: 'Near-miss band in the indicator’s unit', example: 2 })
  tolerance!: number;

  @ApiProperty({ description: 'Percent of the target reached, direction-aware, capped at 120', example: 79.57 })
  achievement!: number;

  @ApiProperty({ enum: ['on-track', 'within-tolerance', 'off-track'], example: 'off-track' })
  targetStatus!: string;

  @ApiProperty({ description: 'When the status last changed', example: '2025-01-10T08:05:00.000Z' })
  statusSince!: string;

  @ApiProperty({ example: 3 })
  aggregateVersion!: number;

  @ApiProperty({ example: '2025-01-10T08:05:00.000Z' })
  evaluatedAt!: string;
}

/** GET /v1/aggregates/status: where an org unit's aggregates stand against their targets. */
export class StandingsViewDto {
  @ApiProperty({ type: OrgUnitRefDto })
  orgUnit!: OrgUnitRefDto;

  @ApiProperty({ example: '2024S2' })
  period!: string;

  @ApiProperty({ type: [AggregateStandingDto], description: 'Aggregates with a value and a target, by indicator code' })
  aggregates!: AggregateStandingDto[];
}
