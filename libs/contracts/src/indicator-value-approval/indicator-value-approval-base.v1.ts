import { IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { INDICATOR_CODE_PATTERN } from '../codes';
import { AGENCY_CODE_PATTERN } from '../topics';
import { IsDhis2Period } from '../validation/is-dhis2-period.decorator';

/**
 * What every `dx.indicator-value.*` approval event (awaiting-approval, approved, returned, reopened) v1 says.
 * Published by the indicators service to `dx.indicators.events`, keyed by `indicatorCode`. `agency` is the
 * agency the event is addressed to: the approving agency when there is something to approve, the reporting
 * agency when its value was approved or returned — whoever holds its responsibilities today (its successor
 * after a merger; `reportingAgency` keeps the agency that reported).
 */
export class IndicatorValueApprovalBaseV1 {
  @Matches(INDICATOR_CODE_PATTERN)
  indicatorCode!: string;

  @IsDhis2Period()
  period!: string;

  /** The agency addressed (see the class comment). */
  @Matches(AGENCY_CODE_PATTERN, { message: 'agency must be an agency code' })
  agency!: string;

  /** The agency that approves the value: the indicator's approvingAgency, or the programme office, followed along successions. */
  @Matches(AGENCY_CODE_PATTERN, { message: 'approvingAgency must be an agency code' })
  approvingAgency!: string;

  /** The agency whose report is the value. */
  @Matches(AGENCY_CODE_PATTERN, { message: 'reportingAgency must be an agency code' })
  reportingAgency!: string;

  /** Who changed the state: a token's `sub`, or `kafka:<agency>` / `catalogue` for a change the system made. */
  @IsOptional()
  @IsString()
  changedBy?: string;

  @IsISO8601()
  occurredAt!: string;
}
