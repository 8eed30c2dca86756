import { WorkingDayCalendar } from '@dxhub/calendar';
import { requirePeriod } from '@dxhub/periods';
import { closingDay, isOnTime, periodSchedule } from './obligation-schedule';

describe('the due days of an obligation’s period, in Vietnamese working days', () => {
  const calendar = new WorkingDayCalendar();

  it('closes a period on its last day or on the Decree 09 cut-off, the 14th of its last month', () => {
    expect(closingDay('PERIOD_END', requirePeriod('2025Q4'))).toBe('2025-12-31');
    expect(closingDay('CUT_OFF', requirePeriod('2025Q4'))).toBe('2025-12-14');
    expect(closingDay('CUT_OFF', requirePeriod('202602'))).toBe('2026-02-14');
    expect(closingDay('CUT_OFF', requirePeriod('2024S1'))).toBe('2024-06-14');
    expect(closingDay('PERIOD_END', requirePeriod('2024'))).toBe('2024-12-31');
  });

  it('skips Tết 2026 (16–20 February) and the weekends around it', () => {
    // Cut-off Saturday 14/2; 15/2 Sunday; 16–20/2 Tết; 21–22/2 weekend: the 1st working day is Monday 23/2.
    expect(periodSchedule(calendar, { anchor: 'CUT_OFF', workingDays: 2 }, requirePeriod('202602'))).toEqual({
      closesOn: '2026-02-14',
      opensOn: '2026-02-15',
      dueDate: '2026-02-24',
      overdueOn: '2026-02-25',
    });
  });

  it('skips New Year’s Day: a year closing on Wednesday 31/12/2025 is due on Monday 5/1/2026 with two working days', () => {
    expect(periodSchedule(calendar, { anchor: 'PERIOD_END', workingDays: 2 }, requirePeriod('2025'))).toEqual({
      closesOn: '2025-12-31',
      opensOn: '2026-01-01',
      dueDate: '2026-01-05',
      overdueOn: '2026-01-06',
    });
  });

  it('skips 30/4 and 1/5: April 2025 closing on a holiday is due on Friday 2/5, overdue on Monday 5/5', () => {
    expect(periodSchedule(calendar, { anchor: 'PERIOD_END', workingDays: 1 }, requirePeriod('202504'))).toMatchObject({
      dueDate: '2025-05-02',
      overdueOn: '2025-05-05',
    });
  });

  it('skips National Day 2025 (1–2 September) when the due day would fall after it', () => {
    // Q3 2025 cut-off Sunday 14/9 → no holiday; August 2025 ends Sunday 31/8, then 1/9 and 2/9 are off.
    expect(periodSchedule(calendar, { anchor: 'PERIOD_END', workingDays: 1 }, requirePeriod('202508'))).toMatchObject({
      dueDate: '2025-09-03',
      overdueOn: '2025-09-04',
    });
  });

  it('with no working days allowed, is due on the closing day when it is a working day, else on the next one', () => {
    expect(periodSchedule(calendar, { anchor: 'CUT_OFF', workingDays: 0 }, requirePeriod('2025Q3')).dueDate).toBe(
      '2025-09-15',
    );
    expect(periodSchedule(calendar, { anchor: 'PERIOD_END', workingDays: 0 }, requirePeriod('2025Q4')).dueDate).toBe(
      '2025-12-31',
    );
    expect(periodSchedule(calendar, { anchor: 'PERIOD_END', workingDays: 0 }, requirePeriod('2025Q4')).overdueOn).toBe(
      '2026-01-02',
    );
  });

  it('counts a report on the due day as on time and one the day after as late', () => {
    expect(isOnTime('2026-02-24', '2026-02-24')).toBe(true);
    expect(isOnTime('2026-02-23', '2026-02-24')).toBe(true);
    expect(isOnTime('2026-02-25', '2026-02-24')).toBe(false);
  });
});
