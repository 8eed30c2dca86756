import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EVENT_CATALOG, EventTypes } from '../event-catalog';
import { validatePayload } from '../validation/validate-payload';
import { aggregateUpdatesOf } from './aggregate-updates';
import { IndicatorAggregatesUpdatedV1, MAX_AGGREGATES_PER_EVENT } from './indicator-aggregates-updated.v1';

/** The class's decorators alone, as validatePayload checks without the fast path. */
function fullCheck(data: object): boolean {
  const errors = validateSync(plainToInstance(IndicatorAggregatesUpdatedV1, data), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return errors.length === 0;
}

const change = EVENT_CATALOG['dx.indicator-aggregates.updated'].example.aggregates[0];
const sum = {
  ...change,
  id: 'aggregate:BTS_COUNT:12:2024Q3:v2',
  indicatorCode: 'BTS_COUNT',
  aggregation: 'SUM',
  value: 412,
};
const batch = (...aggregates: object[]) => ({ indicatorCode: 'FIBRE_HH', aggregates });
const sumShape: Record<string, unknown> = { ...sum, indicatorCode: 'FIBRE_HH' };
delete sumShape.numerator;
delete sumShape.denominator;

const payloads: [string, object][] = [
  ['one ratio change', batch(change)],
  ['a sum without numerator and denominator', batch(sumShape)],
  ['a withdrawn figure (value null)', batch({ ...change, value: null })],
  ['two changes', batch(change, { ...change, orgUnitCode: '815', id: 'aggregate:FIBRE_HH:12:2024:v3' })],
  ['no changes', batch()],
  ['more changes than an event holds', batch(...Array.from({ length: MAX_AGGREGATES_PER_EVENT + 1 }, () => change))],
  ['a change of another indicator', batch(sum)],
  ['a change without its id', batch({ ...change, id: undefined })],
  ['a change with an unknown property', batch({ ...change, unit: '%' })],
  ['a four-digit org unit', batch({ ...change, orgUnitCode: '8200' })],
  ['a week', batch({ ...change, period: '2024W3' })],
  ['an unknown aggregation', batch({ ...change, aggregation: 'MEDIAN' })],
  ['a value as text', batch({ ...change, value: '71.25' })],
  ['version 0', batch({ ...change, version: 0 })],
  ['a negative count', batch({ ...change, valueCount: -1 })],
  ['a time with an offset', batch({ ...change, updatedAt: '2025-01-15T10:04:05+07:00' })],
  ['aggregates not an array', { indicatorCode: 'FIBRE_HH', aggregates: change }],
  ['a lower-case indicator code', { ...batch(change), indicatorCode: 'fibre' }],
  ['an unknown property', { ...batch(change), source: 'x' }],
];

describe('IndicatorAggregatesUpdatedV1.conforms (the fast path of validatePayload)', () => {
  it.each(payloads)('never accepts what the full check refuses: %s', (_name, data) => {
    const conforms = IndicatorAggregatesUpdatedV1.conforms(data as Record<string, unknown>);
    expect({ conforms, refused: !fullCheck(data) }).not.toEqual({ conforms: true, refused: true });
  });

  it.each(payloads)('answers as the full check does, except where the fast path is stricter: %s', (name, data) => {
    // The full check does not tie a change's indicator to the event's; the fast path leaves that case to it.
    const expected = name === 'a change of another indicator' ? true : fullCheck(data);
    expect(validatePayload(IndicatorAggregatesUpdatedV1, data).ok).toBe(expected);
  });

  it('takes the shape the indicators service writes without the full check', () => {
    expect(IndicatorAggregatesUpdatedV1.conforms(batch(change, sumShape))).toBe(true);
    expect(
      IndicatorAggregatesUpdatedV1.conforms(EVENT_CATALOG['dx.indicator-aggregates.updated'].example as never),
    ).toBe(true);
  });
});

describe('aggregateUpdatesOf', () => {
  it('reads each change of a batch under its own id, and a single-aggregate event as one', () => {
    const updates = aggregateUpdatesOf({
      id: 'aggregates:FIBRE_HH:x',
      type: EventTypes.INDICATOR_AGGREGATES_UPDATED,
      data: batch(change, sumShape),
    });
    expect(updates.map((u) => u.id)).toEqual([change.id, sum.id]);
    expect(updates[0].data).toEqual({ ...change, id: undefined });
    expect(updates[0].data).not.toHaveProperty('id');
    const single = EVENT_CATALOG['dx.indicator-aggregate.updated'].example;
    expect(aggregateUpdatesOf({ id: 'e1', type: EventTypes.INDICATOR_AGGREGATE_UPDATED, data: single })).toEqual([
      { id: 'e1', data: single },
    ]);
    expect(aggregateUpdatesOf({ id: 'e2', type: EventTypes.INDICATOR_DEFINED, data: {} })).toEqual([]);
  });
});
