import { IsDhis2Period, INDICATOR_CODE_PATTERN, ORG_UNIT_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class ScorecardQueryDto {
  @ApiProperty({ example: '82', description: 'GSO code of the org unit' })
  @Matches(ORG_UNIT_CODE_PATTERN, { message: 'orgUnit must be a GSO code of 2, 3 or 5 digits' })
  orgUnit!: string;

  @ApiProperty({ example: '2024S2', description: 'DHIS2 notation: 2024, 2024S1, 2024Q3, 202407' })
  @IsDhis2Period()
  period!: string;
}

export class LeagueTableQueryDto {
  @ApiProperty({ example: '2024S2' })
  @IsDhis2Period()
  period!: string;

  @ApiProperty({ enum: ['indicator', 'index', 'pillar', 'overall'], example: 'indicator' })
  @IsIn(['indicator', 'index', 'pillar', 'overall'])
  by!: 'indicator' | 'index' | 'pillar' | 'overall';

  @ApiPropertyOptional({
    example: 'FIBRE_HH',
    description: 'indicator code, main-index code (HT, HDCQS…) or pillar (CQS, KTS, XHS); not for overall',
  })
  @IsOptional()
  @Matches(INDICATOR_CODE_PATTERN, { message: 'code must be an indicator, index or pillar code' })
  code?: string;

  @ApiPropertyOptional({ example: '82', description: 'rank the children of this unit (default: the province’s)' })
  @IsOptional()
  @Matches(ORG_UNIT_CODE_PATTERN, { message: 'parent must be a GSO code of 2, 3 or 5 digits' })
  parent?: string;

  @ApiPropertyOptional({
    example: 3,
    description: 'rank every unit of a level instead (1 province, 2 district, 3 commune)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3)
  level?: number;
}

export class ProjectionQueryDto {
  @ApiProperty({ example: '82' })
  @Matches(ORG_UNIT_CODE_PATTERN, { message: 'orgUnit must be a GSO code of 2, 3 or 5 digits' })
  orgUnit!: string;
}
