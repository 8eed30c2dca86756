import { IsDhis2Period, ORG_UNIT_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class GenerateReportDto {
  @ApiProperty({
    example: '2024S1',
    description: 'the period: 202407 monthly, 2024Q3 quarterly, 2024S1 half-yearly, 2024 yearly',
  })
  @IsDhis2Period()
  period!: string;

  @ApiPropertyOptional({ example: '82', description: 'default: the province' })
  @IsOptional()
  @Matches(ORG_UNIT_CODE_PATTERN, { message: 'orgUnit must be a GSO code of 2, 3 or 5 digits' })
  orgUnit?: string;
}

export class ExportFormatParams {
  @ApiProperty({ description: 'report id' })
  @Matches(/^[0-9a-f-]{36}$/, { message: 'id must be a report id' })
  id!: string;

  @ApiProperty({ enum: ['csv', 'xlsx', 'pdf'] })
  @IsIn(['csv', 'xlsx', 'pdf'])
  format!: 'csv' | 'xlsx' | 'pdf';
}

export class ReportIdParams {
  @ApiProperty({ description: 'report id' })
  @Matches(/^[0-9a-f-]{36}$/, { message: 'id must be a report id' })
  id!: string;
}
