import { IsNumber, IsOptional, Matches } from 'class-validator';
import { ORG_UNIT_CODE_PATTERN } from '../codes';
import { IndicatorValueApprovalBaseV1 } from './indicator-value-approval-base.v1';

/** An approval event about one cell (indicator, org unit, period) and the report that is its value. */
export class IndicatorValueCellV1 extends IndicatorValueApprovalBaseV1 {
  /** GSO code; with the period it names one org-unit version. */
  @Matches(ORG_UNIT_CODE_PATTERN)
  orgUnitCode!: string;

  /** The stored report that is the cell's value (the version an approver approves). */
  @Matches(/^[1-9]\d{0,18}$/, { message: 'reportId must be a report id (digits)' })
  reportId!: string;

  /** The value; RATIO indicators carry numerator and denominator instead. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  numerator?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  denominator?: number;
}
