import { IsString, Matches, MaxLength } from 'class-validator';
import { IndicatorValueCellV1 } from '../indicator-value-approval/indicator-value-cell.v1';

/**
 * `dx.indicator-value.returned` v1: the approving agency returned the value of a cell to the reporting
 * agency (`agency`) with a reason; a new report for the cell puts it back to awaiting approval.
 */
export class IndicatorValueReturnedV1 extends IndicatorValueCellV1 {
  /** What the reporting agency must correct. */
  @IsString()
  @Matches(/\S/, { message: 'reason must not be empty' })
  @MaxLength(2000)
  reason!: string;
}
