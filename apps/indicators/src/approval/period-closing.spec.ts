import { WorkingDayCalendar } from '@dxhub/calendar';
import { loadConfig } from '@dxhub/config';
import { PeriodType, requirePeriod } from '@dxhub/periods';
import { IndicatorsConfig } from '../config/indicators.config';
import { parseClosingRules } from '../config/closing-rules';
import {
  lastReportingDay,
  manualLockReason,
  periodAcceptance,
  periodLockedReason,
  periodLockState,
  refusalReason,
} from './period-closing';

describe('period closing rules', () => {
  const calendar = new WorkingDayCalendar();

  it('parses working-day and calendar-day rules per period type; empty means locking is off', () => {
    expect(parseClosingRules('MONTHLY=10wd, YEARLY=30d')).toEqual({
      rules: [
        { periodType: PeriodType.MONTHLY, days: 10, working: true },
        { periodType: PeriodType.YEARLY, days: 30, working: false },
      ],
      problems: [],
    });
    expect(parseClosingRules('')).toEqual({ rules: [], problems: [] });
  });

  it('names every malformed or repeated rule', () => {
    expect(parseClosingRules('WEEKLY=5wd,QUARTERLY=ten,QUARTERLY=5d,QUARTERLY=6d').problems).toEqual([
      expect.stringContaining(`'WEEKLY=5wd' is not <PERIOD_TYPE>=<N>wd`),
      expect.stringContaining(`'QUARTERLY=ten' is not`),
      'two closing rules for QUARTERLY',
    ]);
  });

  it('counts working days past a public holiday: 2025Q1 closes 10 working days after 31 March, Hùng Kings’ day (7 April) not counted', () => {
    const q1 = requirePeriod('2025Q1');
    const rule = { periodType: PeriodType.QUARTERLY, days: 10, working: true };
    expect(calendar.holidayName('2025-04-07')).toBe('Giỗ Tổ Hùng Vương');
    expect(lastReportingDay(q1, rule, calendar)).toBe('2025-04-15');
    expect(lastReportingDay(q1, { ...rule, working: false }, calendar)).toBe('2025-04-10');
  });

  it('closes a period after its last reporting day in Vietnam, whatever the UTC date', () => {
    const rules = [{ periodType: PeriodType.QUARTERLY, days: 10, working: true }];
    const q1 = requirePeriod('2025Q1');
    // 16:59 UTC on the 15th is 23:59 in Vietnam: still the last day. 17:00 UTC is the 16th there.
    expect(periodLockState(q1, rules, new Date('2025-04-15T16:59:00Z'), calendar)).toEqual({
      closed: false,
      lastReportingDay: '2025-04-15',
    });
    const closed = periodLockState(q1, rules, new Date('2025-04-15T17:00:00Z'), calendar);
    expect(closed).toMatchObject({ closed: true, lastReportingDay: '2025-04-15' });
    if (!closed.closed) throw new Error('expected closed');
    expect(periodLockedReason('2025Q1', closed)).toBe(
      'period 2025Q1 is closed for reports: the last reporting day was 2025-04-15 (QUARTERLY periods close 10 working days ' +
        'after the period end); the programme office can re-open it (PERIOD_LOCKED)',
    );
  });

  it('never closes a period type without a rule', () => {
    const rules = [{ periodType: PeriodType.QUARTERLY, days: 1, working: false }];
    expect(periodLockState(requirePeriod('2020'), rules, new Date('2026-01-01T00:00:00Z'), calendar)).toEqual({
      closed: false,
      lastReportingDay: null,
    });
  });

  it('is validated at boot: a bad PERIOD_CLOSING_RULES stops the service with the problem named', () => {
    expect(loadConfig(IndicatorsConfig, {}).PERIOD_CLOSING_RULES).toBe('');
    expect(loadConfig(IndicatorsConfig, { PERIOD_CLOSING_RULES: 'YEARLY=20wd' }).PERIOD_CLOSING_RULES).toBe(
      'YEARLY=20wd',
    );
    expect(() => loadConfig(IndicatorsConfig, { PERIOD_CLOSING_RULES: 'YEARLY=twenty' })).toThrow(
      /PERIOD_CLOSING_RULES: 'YEARLY=twenty' is not <PERIOD_TYPE>=<N>wd or <PERIOD_TYPE>=<N>d/,
    );
  });

  describe('with the programme office’s manual locks and re-openings', () => {
    const rules = [{ periodType: PeriodType.YEARLY, days: 20, working: true }];
    const at = new Date('2026-12-08T03:00:00Z');
    const ruleOpen = periodLockState(requirePeriod('2026Q3'), rules, at, calendar);
    const ruleClosed = periodLockState(requirePeriod('2024'), rules, at, calendar);
    const lock = {
      id: '7',
      reason: 'Chốt số liệu quý III / closing the quarter',
      lockedBy: 'office-skhcn',
      agency: 'SKHCN',
      lockedAt: '2026-12-08T02:00:00.000Z',
    };

    it('closes a period its rule leaves open once it is locked by hand, and refuses reports naming the lock', () => {
      expect(ruleOpen.closed).toBe(false);
      expect(periodAcceptance(ruleOpen, null, null)).toMatchObject({ closed: false, acceptsReports: true });
      const locked = periodAcceptance(ruleOpen, lock, null);
      expect(locked).toMatchObject({ closed: true, manualLock: lock, openUntil: null, acceptsReports: false });
      expect(refusalReason('2026Q3', locked)).toBe(
        'period 2026Q3 is closed for reports: the programme office (SKHCN) locked it at 2026-12-08T02:00:00.000Z, ' +
          'reason "Chốt số liệu quý III / closing the quarter"; the programme office can re-open it (PERIOD_LOCKED)',
      );
      expect(refusalReason('2026Q3', locked)).toBe(manualLockReason('2026Q3', lock));
    });

    it('takes reports for a closed period while a re-opening holds, and names the rule when no lock closed it', () => {
      const reopened = periodAcceptance(ruleOpen, lock, '2026-12-15T10:00:00.000Z');
      expect(reopened).toMatchObject({ closed: true, openUntil: '2026-12-15T10:00:00.000Z', acceptsReports: true });
      expect(refusalReason('2026Q3', reopened)).toBeUndefined();
      const byRule = periodAcceptance(ruleClosed, null, null);
      expect(byRule).toMatchObject({ closed: true, acceptsReports: false });
      expect(refusalReason('2024', byRule)).toMatch(/^period 2024 is closed for reports: the last reporting day was /);
    });

    it('names the manual lock when the rule closed the period too', () => {
      expect(refusalReason('2024', periodAcceptance(ruleClosed, lock, null))).toBe(manualLockReason('2024', lock));
    });

    it('shows no re-opening for a period that is open anyway', () => {
      expect(periodAcceptance(ruleOpen, null, '2026-12-15T10:00:00.000Z')).toMatchObject({
        closed: false,
        openUntil: null,
        acceptsReports: true,
      });
    });
  });
});
