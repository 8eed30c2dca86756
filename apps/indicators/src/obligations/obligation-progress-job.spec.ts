import { PeriodType } from '@dxhub/periods';
import type { Obligation } from './obligation';
import { owedPeriodsOf } from './obligation-progress-job';

const obligation = (code: string, changes: Partial<Obligation> = {}): Obligation => ({
  code,
  nameVi: `Báo cáo ${code}`,
  nameEn: `Report ${code}`,
  agencyCode: 'STTTT',
  periodType: PeriodType.QUARTERLY,
  indicatorCodes: ['CSDL_CONNECTED'],
  orgUnitCodes: ['82'],
  coverage: 'UNIT_AND_CHILDREN',
  dueAnchor: 'PERIOD_END',
  dueWorkingDays: 5,
  validFrom: null,
  validTo: null,
  origin: 'api',
  ...changes,
});

describe('owedPeriodsOf', () => {
  it('finds each obligation over the indicator, of the period’s type, owing the period, once', () => {
    const obligations = [
      obligation('QUARTERLY_ONE'),
      obligation('QUARTERLY_TWO', { indicatorCodes: ['DVC_L4', 'CSDL_CONNECTED'] }),
      obligation('OTHER_INDICATOR', { indicatorCodes: ['DVC_L4'] }),
      obligation('MONTHLY', { periodType: PeriodType.MONTHLY }),
      obligation('ENDED', { validTo: '2024-09-30' }),
    ];
    const owed = owedPeriodsOf(obligations, [
      { indicatorCode: 'CSDL_CONNECTED', period: '2024Q4' },
      { indicatorCode: 'DVC_L4', period: '2024Q4' },
      // A coarser period the roll-up over time moves, and a period no obligation is of.
      { indicatorCode: 'CSDL_CONNECTED', period: '2024' },
      { indicatorCode: 'CSDL_CONNECTED', period: 'not-a-period' },
    ]);
    expect(owed.map((o) => `${o.obligation.code}/${o.period.id}`)).toEqual([
      'QUARTERLY_ONE/2024Q4',
      'QUARTERLY_TWO/2024Q4',
      'OTHER_INDICATOR/2024Q4',
    ]);
  });
});
