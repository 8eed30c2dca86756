import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EVENT_CATALOG } from '../event-catalog';
import { validatePayload } from '../validation/validate-payload';
import { IndicatorStandingsUpdatedV1, MAX_STANDINGS_PER_EVENT } from './indicator-standings-updated.v1';

/** The class's decorators alone, as validatePayload checks without the fast path. */
function fullCheck(data: object): boolean {
  const errors = validateSync(plainToInstance(IndicatorStandingsUpdatedV1, data), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return errors.length === 0;
}

const example = EVENT_CATALOG['dx.indicator-standings.updated'].example;
const [standing, , removal] = example.standings;
const batch = (...standings: object[]) => ({ indicatorCode: 'FIBRE_HH', evaluatedAt: example.evaluatedAt, standings });

const payloads: [string, object, boolean][] = [
  ['one standing', batch(standing), true],
  ['one removal', batch(removal), true],
  ['the catalog example', example, true],
  ['a within-tolerance standing', batch({ ...standing, status: 'within-tolerance' }), true],
  ['no standings', batch(), false],
  [
    'more standings than an event holds',
    batch(...Array.from({ length: MAX_STANDINGS_PER_EVENT + 1 }, () => standing)),
    false,
  ],
  ['a standing without its status', batch({ ...standing, status: undefined }), false],
  ['a standing without its achievement', batch({ ...standing, achievement: undefined }), false],
  ['a removal with a judgement', batch({ ...standing, removed: true }), false],
  ['a removal with only its status', batch({ ...removal, status: 'off-track' }), false],
  ['removed: false', batch({ ...standing, removed: false }), false],
  ['neither a judgement nor a removal', batch({ ...removal, removed: undefined }), false],
  ['an unknown status', batch({ ...standing, status: 'no-data' }), false],
  ['an achievement over the cap', batch({ ...standing, achievement: 120.5 }), false],
  ['a negative tolerance', batch({ ...standing, tolerance: -1 }), false],
  ['an unknown comparator', batch({ ...standing, comparator: '!=' }), false],
  ['a value as text', batch({ ...standing, value: '88' }), false],
  ['version 0', batch({ ...standing, aggregateVersion: 0 }), false],
  ['a four-digit org unit', batch({ ...standing, orgUnitCode: '8150' }), false],
  ['a week', batch({ ...standing, period: '2024W3' }), false],
  ['a standing with an unknown property', batch({ ...standing, agency: 'SKHCN' }), false],
  ['a time with an offset', { ...batch(standing), evaluatedAt: '2026-11-27T10:04:05+07:00' }, true],
  ['no time', { indicatorCode: 'FIBRE_HH', standings: [standing] }, false],
  ['a lower-case indicator code', { ...batch(standing), indicatorCode: 'fibre' }, false],
  ['an unknown property', { ...batch(standing), source: 'x' }, false],
];

describe('IndicatorStandingsUpdatedV1', () => {
  it.each(payloads)('%s: the full check answers as expected', (_name, data, ok) => {
    expect(fullCheck(data)).toBe(ok);
    expect(validatePayload(IndicatorStandingsUpdatedV1, data).ok).toBe(ok);
  });

  it.each(payloads)('%s: the fast path never accepts what the full check refuses', (_name, data) => {
    const conforms = IndicatorStandingsUpdatedV1.conforms(data as Record<string, unknown>);
    expect({ conforms, refused: !fullCheck(data) }).not.toEqual({ conforms: true, refused: true });
  });

  it('takes the shape the indicators service writes without the full check', () => {
    expect(IndicatorStandingsUpdatedV1.conforms(example as never)).toBe(true);
    expect(IndicatorStandingsUpdatedV1.conforms(batch(standing, removal))).toBe(true);
  });
});
