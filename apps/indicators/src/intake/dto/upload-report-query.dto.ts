import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const UPLOAD_REPORT_FORMATS = ['json', 'xlsx'] as const;

export class UploadReportQueryDto {
  @ApiPropertyOptional({
    enum: UPLOAD_REPORT_FORMATS,
    default: 'json',
    description: 'xlsx: the uploaded workbook back, with a status and a reason column on its first sheet',
  })
  @IsOptional()
  @IsIn(UPLOAD_REPORT_FORMATS)
  format?: (typeof UPLOAD_REPORT_FORMATS)[number];
}
