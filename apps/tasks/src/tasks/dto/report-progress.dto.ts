import { HTTPS_URL_PATTERN } from '@dxhub/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** The REST form of `dx.task-progress.reported` (the task is in the path). */
export class ReportProgressDto {
  @ApiProperty({ example: 60, minimum: 0, maximum: 100 })
  @IsNumber()
  @Min(0)
  @Max(100)
  percent!: number;

  @ApiPropertyOptional({ example: 'Đã kết nối 12/15 hệ thống' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ type: [String], example: ['https://chuyendoiso.tiengiang.gov.vn/bao-cao/g4-t2'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(HTTPS_URL_PATTERN, { each: true, message: 'evidenceLinks must be https URLs' })
  evidenceLinks?: string[];
}
