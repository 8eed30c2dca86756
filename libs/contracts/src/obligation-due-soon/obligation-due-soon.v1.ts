import { IsInt, Min } from 'class-validator';
import { ObligationEventBaseV1 } from '../obligation-event/obligation-event-base.v1';

/** `dx.obligation.due-soon` v1: reports of a period are due within the configured working days and some are missing. */
export class ObligationDueSoonV1 extends ObligationEventBaseV1 {
  /** Working days until the due day (Vietnamese calendar). */
  @IsInt()
  @Min(0)
  workingDaysLeft!: number;
}
