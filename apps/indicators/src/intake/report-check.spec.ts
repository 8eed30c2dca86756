import type { CloudEvent, IndicatorValueReportedV1 } from '@dxhub/contracts';
import type { CatalogueIndicator, CatalogueService, OrgUnitVersion } from '../catalogue/catalogue.service';
import { checkReport } from './report-check';

const indicators: Record<string, Partial<CatalogueIndicator>> = {
  BTS_COUNT: {
    code: 'BTS_COUNT',
    aggregation: 'SUM',
    orgUnitAggregation: 'SUM',
    periodType: 'SIX_MONTHLY',
    factor: null,
    boundsMin: 0,
    boundsMax: null,
  },
  FIBRE_HH: {
    code: 'FIBRE_HH',
    aggregation: 'RATIO',
    orgUnitAggregation: 'RATIO',
    periodType: 'SIX_MONTHLY',
    factor: 100,
    boundsMin: 0,
    boundsMax: 100,
  },
};
const units: OrgUnitVersion[] = [
  { id: 1, code: '815', nameVi: 'Thành phố Mỹ Tho', type: 'city', level: 2, validFrom: null, validTo: '2025-06-30' },
  { id: 2, code: '82', nameVi: 'Tỉnh Tiền Giang', type: 'province', level: 1, validFrom: null, validTo: '2025-06-30' },
  { id: 3, code: '82', nameVi: 'Tỉnh Đồng Tháp', type: 'province', level: 1, validFrom: '2025-07-01', validTo: null },
  { id: 4, code: '816', nameVi: 'Thị xã Gò Công', type: 'town', level: 2, validFrom: null, validTo: '2025-06-30' },
];
/** Ancestors (self first) of each unit version. */
const lineage: Record<number, string[]> = { 1: ['815', '82'], 2: ['82'], 3: ['82'], 4: ['816', '82'] };
/** STTTT holds both indicators until its merger into SKHCN on 2025-03-01; UBND815 is assigned Mỹ Tho. */
const responsible = (periodEnd: string, today: string) => [
  ...new Set([periodEnd, today].map((d) => (d < '2025-03-01' ? 'STTTT' : 'SKHCN'))),
];
const assigned: Record<string, string[]> = { STTTT: ['82'], SKHCN: ['82'], UBND815: ['815'] };

/** A catalogue port with just what checkReport reads. */
const catalogue = {
  indicatorOn: (code: string) => indicators[code] as CatalogueIndicator | undefined,
  orgUnitOn: (code: string, date: string) =>
    units.find(
      (u) =>
        u.code === code && (u.validFrom === null || u.validFrom <= date) && (u.validTo === null || date <= u.validTo),
    ),
  orgUnitVersions: (code: string) => units.filter((u) => u.code === code),
  responsibleAgenciesFor: (_code: string, periodEnd: string, today: string) => ({
    codes: responsible(periodEnd, today),
  }),
  orgUnitLineage: (id: number) => lineage[id] ?? [],
  agencyOrgUnits: (agency: string) => assigned[agency] ?? [],
} as unknown as CatalogueService;

const event = (
  data: Partial<IndicatorValueReportedV1>,
  source = '/agencies/STTTT',
): CloudEvent<IndicatorValueReportedV1> => ({
  specversion: '1.0',
  id: 'e-1',
  source,
  type: 'dx.indicator-value.reported',
  time: '2025-01-02T00:00:00Z',
  data: {
    indicatorCode: 'BTS_COUNT',
    orgUnitCode: '815',
    period: '2024S2',
    value: 3,
    ...data,
  } as IndicatorValueReportedV1,
});

const check = (e: CloudEvent<IndicatorValueReportedV1>) =>
  checkReport(catalogue, 'STTTT', 'dx.agency.STTTT.indicator-values', e, new Date('2025-01-03T00:00:00Z'));

describe('checkReport', () => {
  it('accepts a sound report and keeps its numbers as exact decimal text', () => {
    expect(check(event({ value: 0.1 }))).toEqual({
      ok: true,
      report: expect.objectContaining({
        orgUnitId: 1,
        period: '2024S2',
        periodEnd: '2024-12-31',
        value: '0.1',
        agencyCode: 'STTTT',
      }),
    });
  });

  it('resolves a reused code to the version in force at the end of the period', () => {
    const before = check(event({ orgUnitCode: '82', period: '2025S1' }));
    const after = check(event({ orgUnitCode: '82', period: '2025S2' }));
    expect(before.ok && before.report.orgUnitId).toBe(2);
    expect(after.ok && after.report.orgUnitId).toBe(3);
  });

  it.each([
    ['an unknown indicator', event({ indicatorCode: 'NOPE' }), /unknown indicator 'NOPE'/],
    [
      'a period of the wrong type',
      event({ period: '2024Q3' }),
      /period '2024Q3' is QUARTERLY but indicator BTS_COUNT is reported SIX_MONTHLY/,
    ],
    ['a unit that no longer exists', event({ period: '2025S2' }), /org unit '815' does not exist on 2025-12-31/],
    ['an unknown unit', event({ orgUnitCode: '99999' }), /unknown org unit '99999'/],
    ['a value below the bounds', event({ value: -1 }), /below the minimum 0/],
    ['a value for a RATIO', event({ indicatorCode: 'FIBRE_HH', value: 5 }), /RATIO: send numerator and denominator/],
    [
      'a ratio above 100 %',
      event({ indicatorCode: 'FIBRE_HH', value: undefined, numerator: 11, denominator: 10 }),
      /ratio 110 is above the maximum 100/,
    ],
  ])('refuses %s', (_what, e, reason) => {
    const result = check(e);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});

describe('checkReport: the access rules of libs/auth', () => {
  const as = (agency: string, data: Partial<IndicatorValueReportedV1>, today = '2025-01-03T00:00:00Z') =>
    checkReport(
      catalogue,
      agency,
      `dx.agency.${agency}.indicator-values`,
      event(data, `/agencies/${agency}`),
      new Date(today),
    );

  it('refuses an agency that is not responsible for the indicator, naming the rule', () => {
    const result = as('UBND815', {});
    expect(result).toMatchObject({
      ok: false,
      rule: 'agency-reports-own-indicators',
      reason: expect.stringContaining('rule agency-reports-own-indicators'),
    });
  });

  it('passes responsibility to the successor: after the merger SKHCN reports (also for 2024), STTTT no longer does for 2025S2', () => {
    expect(as('SKHCN', { period: '2024S2' }, '2025-04-01T00:00:00Z').ok).toBe(true);
    expect(as('STTTT', { period: '2024S2' }, '2025-04-01T00:00:00Z').ok).toBe(true);
    expect(as('STTTT', { orgUnitCode: '82', period: '2025S2' }, '2026-01-05T00:00:00Z')).toMatchObject({
      ok: false,
      rule: 'agency-reports-own-indicators',
    });
    expect(as('SKHCN', { orgUnitCode: '82', period: '2025S2' }, '2026-01-05T00:00:00Z').ok).toBe(true);
  });

  it('refuses a unit outside the org units assigned to the agency', () => {
    const outside = { ...assigned };
    assigned.STTTT = ['815'];
    try {
      expect(as('STTTT', { orgUnitCode: '816' })).toMatchObject({ ok: false, rule: 'agency-reports-own-org-units' });
      expect(as('STTTT', { orgUnitCode: '815' }).ok).toBe(true);
    } finally {
      Object.assign(assigned, outside);
    }
  });
});
