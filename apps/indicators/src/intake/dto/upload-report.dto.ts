import { ApiProperty } from '@nestjs/swagger';
import { IntakeTallyDto } from './intake-tally.dto';
import { SheetRowResultDto } from './sheet-row-result.dto';

export class UploadReportDto extends IntakeTallyDto {
  @ApiProperty({ example: 'Số liệu - Values', description: 'The sheet read: always the first' })
  sheet!: string;

  @ApiProperty({
    type: [String],
    example: ['Người nhập'],
    description: 'Headers of columns the platform does not read',
  })
  ignoredColumns!: string[];

  @ApiProperty({ type: [SheetRowResultDto], description: 'One per non-empty row, in sheet order' })
  rows!: SheetRowResultDto[];
}
