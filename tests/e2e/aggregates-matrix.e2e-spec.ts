import { AgencyProducer, agencyReportHeaders, bearer, waitFor } from '@dxhub/testing';
import { RunningPlatform } from './running-platform';

/*
 * GET /v1/aggregates answers for every level (commune, district, province), every period type (month,
 * quarter, half-year, year) and every aggregation, with figures worked out by hand below. Over time the
 * rule applies per reporting org unit first, then over the org units (as DHIS2 does).
 */
const PORTS = { tasks: 3111, indicators: 3112, notifications: 3113, reporting: 3114, web: 3115 };

type Report = [
  indicator: string,
  orgUnit: string,
  period: string,
  figures: { value: number } | { numerator: number; denominator: number },
];
const REPORTS: Report[] = [
  // SUM over org units and over time, monthly. 28249 is a ward of Mỹ Tho (815); 816 is Gò Công.
  ['DVC_APPS_ONLINE', '28249', '202401', { value: 10 }],
  ['DVC_APPS_ONLINE', '28249', '202402', { value: 20 }],
  ['DVC_APPS_ONLINE', '28249', '202404', { value: 5 }],
  ['DVC_APPS_ONLINE', '816', '202401', { value: 7 }],
  // RATIO, monthly: sums of numerators over sums of denominators, at every level and over time.
  ['TTHC_TOANTRINH', '28249', '202401', { numerator: 3, denominator: 4 }],
  ['TTHC_TOANTRINH', '28249', '202402', { numerator: 1, denominator: 4 }],
  ['TTHC_TOANTRINH', '816', '202401', { numerator: 1, denominator: 2 }],
  // AVERAGE over org units and over time, quarterly.
  ['DVC_AVG_DAYS', '28249', '2024Q1', { value: 4 }],
  ['DVC_AVG_DAYS', '28252', '2024Q1', { value: 6 }],
  ['DVC_AVG_DAYS', '28249', '2024Q2', { value: 8 }],
  // MIN over org units, yearly.
  ['DTI_RANK_TG', '82', '2024', { value: 20 }],
  ['DTI_RANK_TG', '815', '2024', { value: 15 }],
  // MAX over org units, LAST over time, yearly.
  ['DTI_TG', '82', '2024', { value: 0.61 }],
  ['DTI_TG', '815', '2024', { value: 0.7 }],
  // SUM over org units, LAST over time (a stock), six-monthly.
  ['BTS_COUNT', '28249', '2024S1', { value: 5 }],
  ['BTS_COUNT', '28249', '2024S2', { value: 7 }],
  ['BTS_COUNT', '816', '2024S1', { value: 3 }],
];

/** Each indicator is published by the agency responsible for it (rule agency-reports-own-indicators). */
const RESPONSIBLE: Record<string, string> = {
  DVC_APPS_ONLINE: 'VPUBND',
  TTHC_TOANTRINH: 'VPUBND',
  DVC_AVG_DAYS: 'VPUBND',
  DTI_RANK_TG: 'STTTT',
  DTI_TG: 'STTTT',
  BTS_COUNT: 'STTTT',
};

type Expected = [indicator: string, orgUnit: string, period: string, value: number, ratio?: [number, number]];
const EXPECTED: Expected[] = [
  ['DVC_APPS_ONLINE', '28249', '202401', 10],
  ['DVC_APPS_ONLINE', '28249', '2024Q1', 30],
  ['DVC_APPS_ONLINE', '28249', '2024S1', 35],
  ['DVC_APPS_ONLINE', '28249', '2024', 35],
  ['DVC_APPS_ONLINE', '815', '2024Q1', 30],
  ['DVC_APPS_ONLINE', '815', '2024', 35],
  ['DVC_APPS_ONLINE', '82', '202401', 17],
  ['DVC_APPS_ONLINE', '82', '2024Q1', 37],
  ['DVC_APPS_ONLINE', '82', '2024S1', 42],
  ['DVC_APPS_ONLINE', '82', '2024', 42],
  ['TTHC_TOANTRINH', '28249', '202401', 75, [3, 4]],
  ['TTHC_TOANTRINH', '815', '2024Q1', 50, [4, 8]],
  ['TTHC_TOANTRINH', '82', '202401', (4 / 6) * 100, [4, 6]],
  ['TTHC_TOANTRINH', '82', '2024Q1', 50, [5, 10]],
  ['TTHC_TOANTRINH', '82', '2024', 50, [5, 10]],
  ['DVC_AVG_DAYS', '815', '2024Q1', 5],
  ['DVC_AVG_DAYS', '815', '2024S1', 6], // 28249: mean(4, 8) = 6; 28252: 6; mean over the two = 6
  ['DVC_AVG_DAYS', '82', '2024', 6],
  ['DTI_RANK_TG', '82', '2024', 15],
  ['DTI_RANK_TG', '815', '2024', 15],
  ['DTI_TG', '82', '2024', 0.7],
  ['BTS_COUNT', '82', '2024S1', 8],
  ['BTS_COUNT', '82', '2024S2', 7],
  ['BTS_COUNT', '82', '2024', 10], // the latest figure of each unit (7 and 3), summed
  ['BTS_COUNT', '815', '2024', 7],
];

describe('GET /v1/aggregates for every level, period type and aggregation', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await RunningPlatform.start('matrix', PORTS);
    const producer = await AgencyProducer.connect('matrix-agency');
    try {
      for (const agency of new Set(Object.values(RESPONSIBLE))) {
        await producer.send(
          `${platform.prefix}dx.agency.${agency}.indicator-values`,
          REPORTS.flatMap(([indicatorCode, orgUnitCode, period, figures], i) =>
            RESPONSIBLE[indicatorCode] !== agency
              ? []
              : [
                  {
                    key: indicatorCode,
                    value: JSON.stringify({ indicatorCode, orgUnitCode, period, ...figures }),
                    headers: agencyReportHeaders(
                      agency,
                      `matrix-${i}`,
                      new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
                    ),
                  },
                ],
          ),
        );
      }
    } finally {
      await producer.close();
    }
  });

  afterAll(async () => {
    await platform?.dispose();
  });

  // Rest parameters: a test function with more parameters than its row has would be given Jest's done callback.
  it.each(EXPECTED)('%s at %s for %s is %d', async (...row: Expected) => {
    const [indicator, orgUnit, period, value, ratio] = row;
    const url = `http://127.0.0.1:${PORTS.reporting}/v1/aggregates?indicator=${indicator}&orgUnit=${orgUnit}&period=${period}`;
    let last: unknown;
    const body = await waitFor(
      async () => {
        const res = await fetch(url, { headers: bearer({ agency: 'SYT', roles: ['viewer'] }) });
        last = await res.json();
        const v = (last as { value?: number }).value;
        return res.ok && typeof v === 'number' && Math.abs(v - value) < 1e-9
          ? (last as { value: number; numerator?: number; denominator?: number })
          : undefined;
      },
      60000,
      `${indicator} ${orgUnit} ${period} = ${value} (last answer ${JSON.stringify(last)})`,
    );
    expect(body.value).toBeCloseTo(value, 9);
    if (ratio) expect([body.numerator, body.denominator]).toEqual(ratio);
  });
});
