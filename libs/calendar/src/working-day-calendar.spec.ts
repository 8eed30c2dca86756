import { addDays, vietnamDate } from './iso-date';
import {
  DateOutOfRangeError,
  FIRST_SERVED_DATE,
  isServedDate,
  isServedInstant,
  LAST_SERVED_DATE,
} from './served-dates';
import { WorkingDayCalendar } from './working-day-calendar';

describe('WorkingDayCalendar (Vietnamese state agencies)', () => {
  const cal = new WorkingDayCalendar();

  it('treats weekends as days off and weekdays as working days', () => {
    expect(cal.isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(cal.isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-11-29')).toBe(false); // Sunday
  });

  it('knows the fixed holidays of 2026', () => {
    for (const d of ['2026-01-01', '2026-04-30', '2026-05-01', '2026-09-01', '2026-09-02'])
      expect(cal.isWorkingDay(d)).toBe(false);
  });

  it('uses the 2025 notice: Tết 27–31/1 off, Saturday 15/2 worked, National Day 1–2/9', () => {
    for (const d of ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'])
      expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.isWorkingDay('2025-01-24')).toBe(true);
    expect(cal.isWorkingDay('2025-02-03')).toBe(true); // not a compensation day: the notice replaced the default Tết
    expect(cal.isWorkingDay('2025-02-15')).toBe(true); // Saturday, swapped
    expect(cal.isWorkingDay('2025-09-01')).toBe(false);
    expect(cal.isWorkingDay('2025-04-07')).toBe(false); // Hùng Kings, Monday
  });

  it('uses the 2026 notice: Tết 16–20/2 off', () => {
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'])
      expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.isWorkingDay('2026-02-13')).toBe(true);
    expect(cal.isWorkingDay('2026-02-23')).toBe(true);
    expect(cal.holidayName('2026-02-17')).toBe('Tết Nguyên Đán');
  });

  it('moves a holiday on a weekend to the next working day (Hùng Kings 2026 is a Sunday)', () => {
    expect(cal.isWorkingDay('2026-04-26')).toBe(false);
    expect(cal.isWorkingDay('2026-04-27')).toBe(false);
    expect(cal.holidayName('2026-04-27')).toContain('nghỉ bù');
    expect(cal.isWorkingDay('2026-04-28')).toBe(true);
  });

  it('without a notice takes the last day of the lunar year and the first four of the new one (2027)', () => {
    // Mùng 1 = Saturday 2027-02-06: 5/2 to 9/2; Saturday 6 and Sunday 7 move to 10/2 and 11/2.
    expect(
      ['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map((d) =>
        cal.isWorkingDay(d),
      ),
    ).toEqual([true, false, false, false, false, false, true]);
  });

  it('counts working days across Tết 2026', () => {
    // Friday 13/2 + 1 working day = Monday 23/2.
    expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
    expect(cal.addWorkingDays('2026-02-23', -1)).toBe('2026-02-13');
    expect(cal.workingDaysBetween('2026-02-12', '2026-02-24')).toBe(3); // 13, 23, 24
    expect(cal.workingDaysBetween('2026-02-24', '2026-02-12')).toBe(-3);
    expect(cal.addWorkingDays('2026-02-14', 0)).toBe('2026-02-23');
    expect(cal.addWorkingDays('2026-11-27', 0)).toBe('2026-11-27');
  });

  it('counts 10 working days over 30/4 and 1/5 2026', () => {
    // From Monday 27/4 (Hùng Kings compensation): 28, 29, 4/5, 5, 6, 7, 8, 11, 12, 13.
    expect(cal.addWorkingDays('2026-04-27', 10)).toBe('2026-05-13');
  });

  it('takes the days off an administrator adds for a year', () => {
    const withBridge = cal.withNotices([
      { year: 2026, daysOff: ['2026-04-29'], workingDays: ['2026-05-09'], replaces: [] },
    ]);
    expect(withBridge.isWorkingDay('2026-04-29')).toBe(false);
    expect(withBridge.isWorkingDay('2026-05-09')).toBe(true);
    expect(cal.isWorkingDay('2026-04-29')).toBe(true);
  });

  it('lists a year of holidays in order', () => {
    const days = cal.holidays(2026).map((h) => h.date);
    expect(days).toEqual([...days].sort());
    expect(days).toContain('2026-02-17');
  });

  it('refuses a date that is not one', () => {
    expect(() => cal.addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('takes the date in Vietnam (UTC+7)', () => {
    expect(vietnamDate(new Date('2026-11-27T17:30:00Z'))).toBe('2026-11-28');
    expect(vietnamDate(new Date('2026-11-27T16:59:00Z'))).toBe('2026-11-27');
  });
});

describe('WorkingDayCalendar arithmetic over long ranges', () => {
  const cal = new WorkingDayCalendar();

  /** The definition, day by day: what the fast arithmetic must equal. */
  const walkBetween = (from: string, to: string): number => {
    if (from === to) return 0;
    const [a, b, sign] = from < to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (cal.isWorkingDay(d)) count++;
    return sign * count;
  };
  const walkAdd = (date: string, n: number): string => {
    if (n === 0) return cal.isWorkingDay(date) ? date : walkAdd(date, 1);
    let [d, left] = [date, Math.abs(n)];
    while (left > 0) {
      d = addDays(d, Math.sign(n));
      if (cal.isWorkingDay(d)) left--;
    }
    return d;
  };

  it('equals the day-by-day count on ranges across notices, Tết and swapped Saturdays', () => {
    const dates = ['2000-01-01', '2020-12-31', '2024-02-09', '2025-01-26', '2025-02-15', '2026-04-26', '2030-02-05'];
    for (const from of dates)
      for (const to of dates)
        expect({ from, to, n: cal.workingDaysBetween(from, to) }).toEqual({ from, to, n: walkBetween(from, to) });
  });

  it('adds working days forward and back as the day-by-day walk does', () => {
    for (const date of ['2025-01-24', '2025-02-14', '2026-02-13', '2026-04-25', '2027-02-04', '2029-12-31'])
      for (const n of [-400, -23, -5, -1, 0, 1, 5, 23, 400])
        expect({ date, n, to: cal.addWorkingDays(date, n) }).toEqual({ date, n, to: walkAdd(date, n) });
  });

  it('counts the whole served range without walking it, and refuses dates outside it naming the range', () => {
    expect(cal.workingDaysBetween(FIRST_SERVED_DATE, LAST_SERVED_DATE)).toBe(
      walkBetween(FIRST_SERVED_DATE, LAST_SERVED_DATE),
    );
    expect(() => cal.workingDaysBetween('1000-01-01', '9999-12-30')).toThrow(DateOutOfRangeError);
    expect(() => cal.workingDaysBetween('1999-12-31', '2026-01-01')).toThrow(/between 2000-01-01 and 2100-12-31/);
    expect(() => cal.isWorkingDay('2101-01-01')).toThrow(DateOutOfRangeError);
    expect(() => cal.addWorkingDays('2100-12-01', 9999)).toThrow(DateOutOfRangeError);
    expect(() => cal.addWorkingDays('2000-01-05', -9999)).toThrow(DateOutOfRangeError);
    expect(() => cal.holidays(1000)).toThrow(DateOutOfRangeError);
  });

  it('validates served dates and instants', () => {
    expect(['2000-01-01', '2100-12-31', '2026-02-28'].map(isServedDate)).toEqual([true, true, true]);
    expect(['1999-12-31', '2101-01-01', '9999-12-30', '0999-01-01', '2026-02-29', 20260101].map(isServedDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(isServedInstant('2026-11-01T00:00:00Z')).toBe(true);
    expect(isServedInstant('9999-12-31T00:00:00Z')).toBe(false);
  });
});
