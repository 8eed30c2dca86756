import { IsIn } from 'class-validator';
import { IndicatorTargetEventBaseV1 } from '../indicator-target-event/indicator-target-event-base.v1';

/** `dx.indicator.back-on-track` v1: an off-track aggregate is on track, or within tolerance, again. */
export class IndicatorBackOnTrackV1 extends IndicatorTargetEventBaseV1 {
  @IsIn(['on-track', 'within-tolerance'])
  override status!: 'on-track' | 'within-tolerance';

  @IsIn(['off-track'])
  override previousStatus!: 'off-track';
}
