import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { IndicatorValueCellV1 } from '../indicator-value-approval/indicator-value-cell.v1';

/** Why an approved value went back to pending. */
export const REOPEN_CAUSES = ['late-correction', 'formula-version', 're-mapped-unit'] as const;
export type ReopenCause = (typeof REOPEN_CAUSES)[number];

/**
 * `dx.indicator-value.reopened` v1: an approved value went back to pending because its inputs changed —
 * a later report for the cell (`late-correction`; `reportId` is the new report), a formula version in
 * force for the period (`formula-version`), or its org unit moved in the hierarchy of the period's end, so
 * the value counts toward other units' figures (`re-mapped-unit`). `agency` is the approving agency, which
 * approves it again.
 */
export class IndicatorValueReopenedV1 extends IndicatorValueCellV1 {
  @IsIn(REOPEN_CAUSES)
  cause!: ReopenCause;

  /** The report that was approved. */
  @Matches(/^[1-9]\d{0,18}$/, { message: 'previousReportId must be a report id (digits)' })
  previousReportId!: string;

  /** The sentence shown to people: what changed. */
  @IsString()
  @Matches(/\S/, { message: 'reason must not be empty' })
  @MaxLength(2000)
  reason!: string;
}
