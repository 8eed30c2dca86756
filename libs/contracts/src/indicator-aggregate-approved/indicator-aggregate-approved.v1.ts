import { IndicatorAggregateUpdatedV1 } from '../indicator-aggregate-updated/indicator-aggregate-updated.v1';

/**
 * `dx.indicator-aggregate.approved` v1: the approved-only figure of an indicator over an org unit and period
 * changed — the same aggregate as `dx.indicator-aggregate.updated`, counting only the values their approving
 * agency approved. `valueCount` counts the approved values; `value` is null when none is approved any more
 * (a value returned or re-opened by a late correction). `version` grows by one with every change of this
 * approved figure, independently of the all-values aggregate's version.
 */
export class IndicatorAggregateApprovedV1 extends IndicatorAggregateUpdatedV1 {}
