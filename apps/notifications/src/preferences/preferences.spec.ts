import { channelsFor, effectivePreferences, localDate, quietHoursRelease } from './preferences';

const VN = 420;

describe('preferences', () => {
  it('lets the user override the agency and the agency the platform', () => {
    const prefs = effectivePreferences({ digest: false }, { quietHours: { start: '21:00', end: '07:00' } });
    expect(prefs).toMatchObject({ digest: false, quietHours: { start: '21:00', end: '07:00' } });
    expect(prefs.channels.low).toEqual(['inbox', 'email']);
  });

  it('sends critical notices to inbox and e-mail whatever the user chose', () => {
    const prefs = effectivePreferences({ channels: { critical: [], high: ['inbox'], normal: [], low: [] } }, null);
    expect(channelsFor(prefs, 'critical')).toEqual(['inbox', 'email']);
    expect(channelsFor(prefs, 'normal')).toEqual([]);
  });

  it('holds a notice that arrives in quiet hours until they end (local time, across midnight)', () => {
    const quiet = { start: '21:00', end: '07:00' };
    // 16:30 UTC = 23:30 in Việt Nam → released at 07:00 local = 00:00 UTC next day
    expect(quietHoursRelease(new Date('2026-03-02T16:30:00Z'), quiet, VN).toISOString()).toBe(
      '2026-03-03T00:00:00.000Z',
    );
    // 22:00 UTC = 05:00 local → 07:00 local = 00:00 UTC
    expect(quietHoursRelease(new Date('2026-03-02T22:00:00Z'), quiet, VN).toISOString()).toBe(
      '2026-03-03T00:00:00.000Z',
    );
    // 03:00 UTC = 10:00 local: not quiet
    const day = new Date('2026-03-02T03:00:00Z');
    expect(quietHoursRelease(day, quiet, VN)).toBe(day);
    expect(quietHoursRelease(day, null, VN)).toBe(day);
  });

  it('knows the local date', () => {
    expect(localDate(new Date('2026-03-02T18:00:00Z'), VN)).toBe('2026-03-03');
    expect(localDate(new Date('2026-03-02T16:59:00Z'), VN)).toBe('2026-03-02');
  });
});
