import { ApiProperty } from '@nestjs/swagger';
import { APPROVAL_STATUSES } from '../approval-status';
import { ApprovalCellViewDto } from './approval-cell-view.dto';

/** GET /v1/indicator-values/approvals: one page of the caller's agency's cells. */
export class ApprovalPageViewDto {
  @ApiProperty({ description: 'The approving agency (the token’s)', example: 'SKHCN' })
  agency!: string;

  @ApiProperty({ enum: APPROVAL_STATUSES })
  status!: string;

  @ApiProperty({ type: [ApprovalCellViewDto] })
  data!: ApprovalCellViewDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor!: string | null;
}
