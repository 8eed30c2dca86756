import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SheetRowResultDto } from './sheet-row-result.dto';

export class UploadReportDto {
  @ApiPropertyOptional({
    example: 422,
    description: 'Only when nothing was accepted (422): the error fields of every error body',
  })
  statusCode?: number;

  @ApiPropertyOptional({ example: 'NO_VALUES_ACCEPTED' })
  error?: string;

  @ApiPropertyOptional({ example: 'none of the 2 rows was accepted: each row says why' })
  message?: string;

  @ApiProperty({ example: 'Số liệu - Values', description: 'The sheet read: always the first' })
  sheet!: string;

  @ApiProperty({
    type: [String],
    example: ['Người nhập'],
    description: 'Headers of columns the platform does not read',
  })
  ignoredColumns!: string[];

  @ApiProperty({ example: 1 })
  accepted!: number;

  @ApiProperty({ example: 0 })
  duplicates!: number;

  @ApiProperty({ example: 1 })
  rejected!: number;

  @ApiProperty({ type: [SheetRowResultDto], description: 'One per non-empty row, in sheet order' })
  rows!: SheetRowResultDto[];
}
