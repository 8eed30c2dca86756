import { Matches } from 'class-validator';
import { ISO_DATE_PATTERN } from '../codes';
import { ObligationEventBaseV1 } from '../obligation-event/obligation-event-base.v1';

/** `dx.obligation.opened` v1: a period of a reporting obligation opened for reports (the day after its data cut-off). */
export class ObligationOpenedV1 extends ObligationEventBaseV1 {
  /** The day the period opened. */
  @Matches(ISO_DATE_PATTERN, { message: 'opensOn must be a date, YYYY-MM-DD' })
  opensOn!: string;
}
