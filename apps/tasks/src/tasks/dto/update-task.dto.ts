import { AGENCY_CODE_PATTERN } from '@dxhub/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
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
} from 'class-validator';

/** Titles, weight and estimate change any time; the agencies only while the task is a DRAFT. */
export class UpdateTaskDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 500)
  titleVi?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 500)
  titleEn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber()
  @Min(0.001)
  @Max(1000)
  weight?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2000)
  estimateWorkingDays?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN)
  leadAgency?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(AGENCY_CODE_PATTERN, { each: true })
  coordinatingAgencies?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN)
  reviewerAgency?: string;
}
