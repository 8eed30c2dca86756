import { IsArray, IsInt, IsNumber, IsOptional, Matches, Min } from 'class-validator';
import { ORG_UNIT_CODE_PATTERN } from '../codes';
import { IndicatorValueApprovalBaseV1 } from '../indicator-value-approval/indicator-value-approval-base.v1';

/**
 * `dx.indicator-value.awaiting-approval` v1: new or corrected values of one indicator and period, reported by
 * one agency in one intake batch, wait for their approving agency (`agency`). One event per batch, not per
 * value, so an agency's upload of a thousand communes is one notice; `orgUnitCode` and `value` are set when
 * the batch held one value.
 */
export class IndicatorValueAwaitingApprovalV1 extends IndicatorValueApprovalBaseV1 {
  /** The org units whose values wait (at least one), in code order. */
  @IsArray()
  @Matches(ORG_UNIT_CODE_PATTERN, { each: true })
  orgUnitCodes!: string[];

  @IsInt()
  @Min(1)
  valueCount!: number;

  /** Only when the batch held one value. */
  @IsOptional()
  @Matches(ORG_UNIT_CODE_PATTERN)
  orgUnitCode?: string;

  /** Only when the batch held one value of an indicator that is not a RATIO. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value?: number;
}
