import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { ApprovalCellDto } from './approval-cell.dto';

export const MAX_CELLS_PER_DECISION = 1000;

/** Body of POST /v1/indicator-values/approvals/approve. */
export class ApproveValuesDto {
  @ApiProperty({
    type: [ApprovalCellDto],
    description: `1–${MAX_CELLS_PER_DECISION} cells, approved all together or not at all`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CELLS_PER_DECISION)
  @ValidateNested({ each: true })
  @Type(() => ApprovalCellDto)
  cells!: ApprovalCellDto[];
}
