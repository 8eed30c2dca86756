import { ApiProperty } from '@nestjs/swagger';

class ScoredOrgUnitDto {
  @ApiProperty({ example: '82' })
  code!: string;

  @ApiProperty({ example: 'Tỉnh Tiền Giang' })
  nameVi!: string;
}

class ScorePartDto {
  @ApiProperty({
    description: 'DTI (overall), CQS/KTS/XHS (pillars), NT, TC, HT, NL, AT, HDCQS, HDKTS, HDXHS (main indexes)',
    example: 'HDCQS',
  })
  code!: string;

  @ApiProperty({ enum: ['overall', 'pillar', 'index'] })
  kind!: string;

  @ApiProperty({ type: Number, nullable: true, description: '0–1, 4 decimals; null without data', example: 0.95 })
  score!: number | null;

  @ApiProperty({ description: 'Points in the framework', example: 200 })
  maxPoints!: number;

  @ApiProperty({ description: 'Indicators with an achievement', example: 1 })
  scored!: number;

  @ApiProperty({ description: 'Indicators with a standing in the part', example: 1 })
  indicators!: number;
}

/** GET /v1/scores: DTI-style scores of an org unit for a year. */
export class ScoresViewDto {
  @ApiProperty({ type: ScoredOrgUnitDto })
  orgUnit!: ScoredOrgUnitDto;

  @ApiProperty({ example: '2023' })
  period!: string;

  @ApiProperty({ description: 'Framework version the scores follow (seeds/dti-framework.json)', example: 'DTI-2022' })
  framework!: string;

  @ApiProperty({ example: 'QĐ 922/QĐ-BTTTT' })
  decision!: string;

  @ApiProperty({ description: 'True when index points were borrowed from an earlier framework (DTI-2025)' })
  pointsInferred!: boolean;

  @ApiProperty({ type: Number, nullable: true, description: 'Overall score, 0–1', example: 0.9143 })
  score!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Overall score × the framework’s total points',
    example: 914.3,
  })
  points!: number | null;

  @ApiProperty({ description: 'Share of the framework’s points that had data', example: 0.6 })
  coverage!: number;

  @ApiProperty({ type: [ScorePartDto] })
  parts!: ScorePartDto[];

  @ApiProperty({ example: 4 })
  version!: number;

  @ApiProperty({ example: '2025-01-10T08:05:00.000Z' })
  updatedAt!: string;
}
