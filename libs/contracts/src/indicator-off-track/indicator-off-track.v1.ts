import { IsIn } from 'class-validator';
import { IndicatorTargetEventBaseV1 } from '../indicator-target-event/indicator-target-event-base.v1';

/** `dx.indicator.off-track` v1: an aggregate fell below its target path by more than the tolerance. */
export class IndicatorOffTrackV1 extends IndicatorTargetEventBaseV1 {
  @IsIn(['off-track'])
  override status!: 'off-track';
}
