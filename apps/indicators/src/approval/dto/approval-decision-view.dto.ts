import { ApiProperty } from '@nestjs/swagger';
import { ApprovalCellDto } from './approval-cell.dto';

/** The answer to approving or returning cells. */
export class ApprovalDecisionViewDto {
  @ApiProperty({ enum: ['approved', 'returned'] })
  status!: string;

  @ApiProperty({ description: 'Cells whose state changed now' })
  changed!: number;

  @ApiProperty({ description: 'Cells already in that state (a repeated request)' })
  unchanged!: number;

  @ApiProperty({ type: [ApprovalCellDto] })
  cells!: ApprovalCellDto[];
}
