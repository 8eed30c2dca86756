import { IsArray, IsInt, Matches, Min } from 'class-validator';
import { ORG_UNIT_CODE_PATTERN } from '../codes';
import { ObligationEventBaseV1 } from '../obligation-event/obligation-event-base.v1';

/** `dx.obligation.overdue` v1: the due day of a period passed with reports missing (sent on the next working day). */
export class ObligationOverdueV1 extends ObligationEventBaseV1 {
  /** Working days since the due day (Vietnamese calendar). */
  @IsInt()
  @Min(1)
  workingDaysOverdue!: number;

  /** Org units with at least one expected report missing. */
  @IsArray()
  @Matches(ORG_UNIT_CODE_PATTERN, { each: true })
  missingOrgUnitCodes!: string[];
}
