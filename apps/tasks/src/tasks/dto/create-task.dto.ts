import { AGENCY_CODE_PATTERN, TASK_CODE_PATTERN } from '@dxhub/contracts';
import { IsServedDate } from '@dxhub/calendar';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IndicatorLinkDto } from './indicator-link.dto';

export class CreateTaskDto {
  @ApiProperty({
    example: 'G1.N5',
    description: 'Code of the task group (a new task) or task (a new sub-task) it goes under',
  })
  @Matches(TASK_CODE_PATTERN)
  parentCode!: string;

  @ApiProperty({ example: 'G1.N5.T4', description: "The parent's code, a dot, and more" })
  @Matches(TASK_CODE_PATTERN)
  code!: string;

  @ApiProperty({ example: 'Triển khai nền tảng tích hợp, chia sẻ dữ liệu (LGSP)' })
  @IsString()
  @Length(2, 500)
  titleVi!: string;

  @ApiProperty({ example: 'Roll out the data integration and sharing platform (LGSP)' })
  @IsString()
  @Length(2, 500)
  titleEn!: string;

  @ApiProperty({ example: 2, description: "Weight in its parent's progress roll-up (positive)" })
  @IsNumber()
  @Min(0.001)
  @Max(1000)
  weight!: number;

  @ApiProperty({ example: 'SKHCN' })
  @Matches(AGENCY_CODE_PATTERN)
  leadAgency!: string;

  @ApiProperty({ example: ['VPUBND'], type: [String] })
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(AGENCY_CODE_PATTERN, { each: true })
  coordinatingAgencies!: string[];

  @ApiProperty({ example: 'SKHCN', description: 'Reviewing agency (usually the programme office)' })
  @Matches(AGENCY_CODE_PATTERN)
  reviewerAgency!: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'The deadline; or give dueInWorkingDays' })
  @ValidateIf((o: CreateTaskDto) => o.dueInWorkingDays === undefined)
  @IsServedDate()
  dueDate?: string;

  @ApiPropertyOptional({
    example: 30,
    description: 'The deadline as working days from today (Vietnamese calendar), instead of dueDate',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2000)
  dueInWorkingDays?: number;

  @ApiPropertyOptional({ example: 20, description: 'Working days of effort, for the critical path (10 when absent)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2000)
  estimateWorkingDays?: number;

  @ApiPropertyOptional({
    type: [IndicatorLinkDto],
    description: 'When given, the task takes its progress from these indicators',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => IndicatorLinkDto)
  indicators?: IndicatorLinkDto[];
}
