import { EventTypes } from '../event-types';
import type { IndicatorAggregateUpdatedV1 } from '../indicator-aggregate-updated/indicator-aggregate-updated.v1';
import type { IndicatorAggregatesUpdatedV1 } from './indicator-aggregates-updated.v1';

/** A `dx.indicator-aggregate.updated` as readers handle it: the event's id and its payload. */
export interface AggregateUpdate {
  id: string;
  data: IndicatorAggregateUpdatedV1;
}

/**
 * The aggregate updates an event carries, whichever of the two types it is: one for
 * `dx.indicator-aggregate.updated` (still read: the topic's history holds them), each of a
 * `dx.indicator-aggregates.updated`. Readers handle both the same way.
 */
export function aggregateUpdatesOf(event: { id: string; type: string; data: unknown }): AggregateUpdate[] {
  if (event.type === EventTypes.INDICATOR_AGGREGATE_UPDATED) {
    return [{ id: event.id, data: event.data as IndicatorAggregateUpdatedV1 }];
  }
  if (event.type === EventTypes.INDICATOR_AGGREGATES_UPDATED) {
    return (event.data as IndicatorAggregatesUpdatedV1).aggregates.map(({ id, ...data }) => ({ id, data }));
  }
  return [];
}
