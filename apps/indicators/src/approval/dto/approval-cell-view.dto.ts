import { ApiProperty } from '@nestjs/swagger';
import { APPROVAL_STATUSES } from '../approval-status';

/** One cell in an approver's list. Numbers are decimal strings (exact). */
export class ApprovalCellViewDto {
  @ApiProperty({ example: 'BTS_COUNT' })
  indicatorCode!: string;

  @ApiProperty({ example: '28249' })
  orgUnitCode!: string;

  @ApiProperty({ example: 'Phường Đạo Thạnh' })
  orgUnitName!: string;

  @ApiProperty({ example: '2026S2' })
  period!: string;

  @ApiProperty({ type: String, nullable: true, example: '12' })
  value!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'A RATIO’s numerator' })
  numerator!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'A RATIO’s denominator' })
  denominator!: string | null;

  @ApiProperty({
    description: 'The report that is the value: send it back to approve or return this version',
    example: '1042',
  })
  reportId!: string;

  @ApiProperty({ example: 'SKHCN' })
  reportingAgency!: string;

  @ApiProperty({ description: 'ISO timestamp (ce_time of the report)' })
  reportedAt!: string;

  @ApiProperty({ enum: APPROVAL_STATUSES })
  approvalStatus!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it is in this state: the return reason, or why an approved or returned value is pending again',
  })
  approvalReason!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Token sub of the approver, or `kafka:<agency>` / `rest:<agency>` for a correction',
  })
  approvalChangedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  approvalChangedAt!: string | null;
}
