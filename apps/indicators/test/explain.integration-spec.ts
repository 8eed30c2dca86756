import { AgencyProducer, agencyReportHeaders, bearer, waitFor } from '@dxhub/testing';
import { type RunningIndicators, startIndicators } from './indicators-app';

/** A reporter of STTTT, the agency responsible for BTS_COUNT (a stock: SUM over org units, LAST over time). */
const AUTH = bearer({ agency: 'STTTT', roles: ['reporter', 'viewer'] });

interface Explanation {
  aggregate: { value: number; valueCount: number; unitCount: number };
  rules: { orgUnit: string; time: string | null };
  own: { orgUnitCode: string; value: number } | null;
  children: { orgUnitCode: string; value: number; valueCount: number }[];
  reports: {
    orgUnitCode: string;
    period: string;
    value: number;
    agencyCode: string;
    eventId: string;
    counted: boolean;
    channel: string;
  }[];
  nextCursor: string | null;
}

/*
 * GET /v1/aggregates/explain against the real database, with values reported over REST: the figure, the
 * parts it is made of, and the reports under it, paged.
 */
describe('explaining an aggregate down to its reports (Kafka + PostgreSQL)', () => {
  let service: RunningIndicators;

  const explain = async (query: string, headers: Record<string, string> = AUTH) => {
    const res = await fetch(`${service.url}/v1/aggregates/explain?${query}`, { headers });
    return { status: res.status, body: (await res.json()) as Explanation & { code?: string; message?: string } };
  };

  beforeAll(async () => {
    service = await startIndicators('explain');
    const value = (orgUnitCode: string, period: string, v: number, id: string, reportedAt: string) => ({
      indicatorCode: 'BTS_COUNT',
      orgUnitCode,
      period,
      value: v,
      id,
      reportedAt,
    });
    // 28249 and 28252 are communes of Mỹ Tho (815) in 2024; 816 is the district-level unit Gò Công.
    const res = await fetch(`${service.url}/v1/indicator-values`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({
        values: [
          value('28249', '2024S1', 5, 'ex-28249-s1', '2024-07-05T08:00:00Z'),
          value('28249', '2024S2', 7, 'ex-28249-s2', '2025-01-05T08:00:00Z'),
          value('28252', '2024S2', 2, 'ex-28252-s2-first', '2025-01-05T08:00:00Z'),
          value('28252', '2024S2', 3, 'ex-28252-s2-fixed', '2025-01-06T08:00:00Z'),
          value('816', '2024S1', 4, 'ex-816-s1', '2024-07-05T08:00:00Z'),
        ],
      }),
    });
    expect(res.status).toBe(200);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('explains a reported period: the children’s figures and the current reports, a correction in place of what it replaced', async () => {
    const { status, body } = await explain('indicator=BTS_COUNT&orgUnit=815&period=2024S2');
    expect(status).toBe(200);
    expect(body.aggregate).toMatchObject({ value: 10, valueCount: 2, unitCount: 2 });
    expect(body.rules).toMatchObject({ orgUnit: 'SUM', time: null });
    expect(body.own).toBeNull();
    expect(body.children.map((c) => [c.orgUnitCode, c.value])).toEqual([
      ['28249', 7],
      ['28252', 3],
    ]);
    expect(body.reports).toEqual([
      expect.objectContaining({
        orgUnitCode: '28249',
        period: '2024S2',
        value: 7,
        agencyCode: 'STTTT',
        counted: true,
        channel: 'rest',
      }),
      expect.objectContaining({ orgUnitCode: '28252', period: '2024S2', value: 3, agencyCode: 'STTTT', counted: true }),
    ]);
    expect(body.reports[1].eventId).toContain('ex-28252-s2-fixed');
    expect(body.nextCursor).toBeNull();
  });

  it('explains a year of a stock value: each unit’s latest half-year counts, the earlier one is shown as passed over', async () => {
    const { status, body } = await explain('indicator=BTS_COUNT&orgUnit=82&period=2024');
    expect(status).toBe(200);
    expect(body.rules).toMatchObject({ orgUnit: 'SUM', time: 'LAST' });
    expect(body.aggregate).toMatchObject({ value: 14, unitCount: 3 });
    expect(body.children.map((c) => [c.orgUnitCode, c.value])).toEqual([
      ['815', 10],
      ['816', 4],
    ]);
    expect(body.reports.map((r) => [r.orgUnitCode, r.period, r.value, r.counted])).toEqual([
      ['28249', '2024S1', 5, false],
      ['28249', '2024S2', 7, true],
      ['28252', '2024S2', 3, true],
      ['816', '2024S1', 4, true],
    ]);
    // The counted reports add up to the figure.
    expect(body.reports.filter((r) => r.counted).reduce((sum, r) => sum + r.value, 0)).toBe(body.aggregate.value);
  });

  it('explains a province ratio built from reports that came in through Kafka, down to each event', async () => {
    const producer = await AgencyProducer.connect();
    try {
      const ratio = (orgUnitCode: string, numerator: number, denominator: number, id: string) => ({
        key: 'FIBRE_HH',
        value: JSON.stringify({ indicatorCode: 'FIBRE_HH', orgUnitCode, period: '2024S2', numerator, denominator }),
        headers: agencyReportHeaders('STTTT', id, '2025-01-08T08:00:00Z'),
      });
      // Phường 5 (Mỹ Tho, 815) and Gò Công (816) itself: the province's ratio is (30 + 1) / (40 + 10) × 100.
      await producer.send(`${service.topicPrefix}dx.agency.STTTT.indicator-values`, [
        ratio('28249', 30, 40, 'kafka-fibre-28249'),
        ratio('816', 1, 10, 'kafka-fibre-816'),
      ]);
      const body = await waitFor(
        async () => {
          const { status, body } = await explain('indicator=FIBRE_HH&orgUnit=82&period=2024S2');
          return status === 200 && body.reports.length === 2 ? body : undefined;
        },
        30_000,
        'the province ratio built from both Kafka reports',
      );
      expect(body.rules).toMatchObject({ orgUnit: 'RATIO', time: null });
      expect(body.aggregate).toMatchObject({ value: 62, valueCount: 2 });
      expect(body.children.map((c) => [c.orgUnitCode, c.value])).toEqual([
        ['815', 75],
        ['816', 10],
      ]);
      expect(body.reports.map((r) => [r.orgUnitCode, r.agencyCode, r.eventId, r.channel])).toEqual([
        ['28249', 'STTTT', 'kafka-fibre-28249', expect.stringContaining('dx.agency.STTTT.indicator-values')],
        ['816', 'STTTT', 'kafka-fibre-816', expect.stringContaining('dx.agency.STTTT.indicator-values')],
      ]);
    } finally {
      await producer.close();
    }
  });

  it('pages the reports with a cursor and refuses a cursor it did not make', async () => {
    const first = await explain('indicator=BTS_COUNT&orgUnit=82&period=2024&limit=3');
    expect(first.body.reports.map((r) => `${r.orgUnitCode}/${r.period}`)).toEqual([
      '28249/2024S1',
      '28249/2024S2',
      '28252/2024S2',
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await explain(`indicator=BTS_COUNT&orgUnit=82&period=2024&limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.reports.map((r) => `${r.orgUnitCode}/${r.period}`)).toEqual(['816/2024S1']);
    expect(second.body.nextCursor).toBeNull();

    const forged = await explain(
      `indicator=BTS_COUNT&orgUnit=82&period=2024&cursor=${Buffer.from("x:82|2024|1' OR 1=1").toString('base64url')}`,
    );
    expect(forged.status).toBe(400);
  });

  it('answers 404 naming what is unknown or unreported, and 401 without a token', async () => {
    expect((await explain('indicator=NO_SUCH&orgUnit=82&period=2024')).status).toBe(404);
    const unreported = await explain('indicator=BTS_COUNT&orgUnit=82&period=2023');
    expect(unreported.status).toBe(404);
    expect(unreported.body.message).toMatch(/no value of BTS_COUNT is reported for 82/);
    expect((await explain('indicator=BTS_COUNT&orgUnit=815&period=2025S2')).body.message).toMatch(
      /does not exist on 2025-12-31/,
    );
    expect((await explain('indicator=BTS_COUNT&orgUnit=82&period=2024', {})).status).toBe(401);
  });
});
