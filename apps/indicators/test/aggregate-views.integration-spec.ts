import { AgencyProducer, agencyReportHeaders, bearer, waitFor } from '@dxhub/testing';
import { DataSource } from 'typeorm';
import { AggregateViewsService } from '../src/views/aggregate-views.service';
import { type RunningIndicators, startIndicators } from './indicators-app';

const VIEWER = bearer({ agency: 'SYT', roles: ['viewer'] });

/*
 * Every rule over org units and over time, reported at commune, district and province level (the matrix of
 * tests/e2e, with more communes), by the agency responsible for each indicator. A cell is a value or
 * [numerator, denominator]. 28249, 28252, 28282 (Phường 5, Phường 4, Xã Đạo Thạnh of Mỹ Tho, 815) became
 * Phường Đạo Thạnh (28249) on 2025-07-01; 28261 (Phường 1) became Phường Mỹ Tho (28261); 816 is Gò Công.
 */
const CELLS: Record<string, { agency: string; cells: Record<string, Record<string, number | [number, number]>> }> = {
  DVC_APPS_ONLINE: {
    agency: 'VPUBND',
    cells: { '28249': { '202401': 10, '202402': 20, '202404': 5 }, '816': { '202401': 7 } },
  },
  TTHC_TOANTRINH: {
    agency: 'VPUBND',
    cells: { '28249': { '202401': [3, 4], '202402': [1, 4] }, '816': { '202401': [1, 3] } },
  },
  DVC_AVG_DAYS: { agency: 'VPUBND', cells: { '28249': { '2024Q1': 4, '2024Q2': 8 }, '28252': { '2024Q1': 6.5 } } },
  DTI_RANK_TG: { agency: 'STTTT', cells: { '82': { '2024': 20 }, '815': { '2024': 15 } } },
  DTI_TG: { agency: 'STTTT', cells: { '82': { '2024': 0.61 }, '815': { '2024': 0.7 } } },
  BTS_COUNT: {
    agency: 'STTTT',
    cells: {
      '28249': { '2024S1': 5, '2024S2': 7 },
      '816': { '2024S1': 3 },
      '28252': { '2024S2': 4 },
      '28282': { '2024S1': 2 },
      '28261': { '2024S2': 9 },
    },
  },
};

type Figures = { value: number } | { numerator: number; denominator: number };
type Report = [indicator: string, orgUnit: string, period: string, figures: Figures];

const REPORTS: Report[] = Object.entries(CELLS).flatMap(([indicator, { cells }]) =>
  Object.entries(cells).flatMap(([orgUnit, byPeriod]) =>
    Object.entries(byPeriod).map(([period, cell]): Report => [
      indicator,
      orgUnit,
      period,
      Array.isArray(cell) ? { numerator: cell[0], denominator: cell[1] } : { value: cell },
    ]),
  ),
);

interface Correction {
  orgUnitCode: string;
  period: string;
  from: { value: string; agencyCode: string; eventId: string } | null;
  to: { value: string; agencyCode: string; eventId: string; reportedAt: string } | null;
}

interface View {
  value: number | null;
  numerator: number;
  denominator: number;
  valueCount: number;
  unitCount: number;
  view: string;
  asOf: string | null;
  status: string;
  hierarchy: string;
  orgUnit: { code: string; nameVi: string; validFrom: string | null };
  current?: { value: number };
  corrections?: Correction[];
  correctionCount?: number;
  restatement?: { rule: string; placedByAncestor: string[]; unplaced: string[] };
  error?: string;
  message?: string | string[];
}

/*
 * GET /v1/aggregates over the real broker and database: values come in through Kafka, figures are computed
 * from the stored values under each view, and the default view reproduces every stored aggregate.
 */
describe('aggregate views: approved only, first published, as of a time, restated (Kafka + PostgreSQL)', () => {
  let service: RunningIndicators;
  let producer: AgencyProducer;
  let db: DataSource;

  const read = async (query: string): Promise<{ status: number; body: View }> => {
    const res = await fetch(`${service.url}/v1/aggregates?${query}`, { headers: VIEWER });
    return { status: res.status, body: (await res.json()) as View };
  };

  const send = async (agency: string, reports: { report: Report; id: string; time: string }[]) => {
    await producer.send(
      `${service.topicPrefix}dx.agency.${agency}.indicator-values`,
      reports.map(({ report: [indicatorCode, orgUnitCode, period, figures], id, time }) => ({
        key: indicatorCode,
        value: JSON.stringify({ indicatorCode, orgUnitCode, period, ...figures }),
        headers: agencyReportHeaders(agency, id, time),
      })),
    );
  };

  const reportsStored = (count: number) =>
    waitFor(
      async () => {
        const [{ n }] = await db.query('SELECT count(*)::int AS n FROM indicator_reports');
        return n >= count ? n : undefined;
      },
      60000,
      `${count} reports stored`,
    );

  const databaseNow = async (): Promise<string> => {
    const [{ now }] = await db.query('SELECT now() AS now');
    return new Date(now as Date).toISOString();
  };

  /** Every stored aggregate of the indicators against the evaluator's default view, in numbers (exact decimals compared in SQL). */
  const expectDefaultViewToEqualStoredAggregates = async () => {
    const stored: {
      indicator: string;
      org_unit: string;
      period: string;
      period_type: string;
      value: string | null;
      num: string;
      den: string;
      value_count: number;
      unit_count: number;
    }[] = await db.query(
      `SELECT a.indicator_code AS indicator, o.code AS org_unit, a.period, a.period_type, a.value::text, a.numerator_sum::text AS num,
                a.denominator_sum::text AS den, a.value_count::int, a.unit_count::int
         FROM indicator_aggregates a JOIN org_units o ON o.id = a.org_unit_id
         ORDER BY 1, 2, 3`,
    );
    const views = service.app.get(AggregateViewsService);
    const evaluated = await Promise.all(
      stored.map((s) =>
        views.read({ indicator: s.indicator, orgUnit: s.org_unit, period: s.period }, { evaluate: true }),
      ),
    );
    const [{ mismatches }] = await db.query(
      `SELECT count(*)::int AS mismatches
       FROM unnest($1::numeric[], $2::numeric[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::int[], $8::int[], $9::int[], $10::int[])
         AS t(stored_value, value, stored_num, num, stored_den, den, stored_count, count, stored_units, units)
       WHERE stored_value IS DISTINCT FROM value OR stored_num <> num OR stored_den <> den OR stored_count <> count OR stored_units <> units`,
      [
        stored.map((s) => s.value),
        evaluated.map((e) => (e.value === null ? null : String(e.value))),
        stored.map((s) => s.num),
        evaluated.map((e) => String(e.numerator)),
        stored.map((s) => s.den),
        evaluated.map((e) => String(e.denominator)),
        stored.map((s) => s.value_count),
        evaluated.map((e) => e.valueCount),
        stored.map((s) => s.unit_count),
        evaluated.map((e) => e.unitCount),
      ],
    );
    expect(mismatches).toBe(0);
    // Every level, period type and rule over org units is among them.
    expect(new Set(stored.map((s) => s.period_type))).toEqual(
      new Set(['MONTHLY', 'QUARTERLY', 'SIX_MONTHLY', 'YEARLY']),
    );
    expect(new Set(stored.map((s) => s.org_unit.length))).toEqual(new Set([2, 3, 5]));
    return stored.length;
  };

  beforeAll(async () => {
    service = await startIndicators('views');
    db = service.app.get(DataSource);
    producer = await AgencyProducer.connect('views-agency');
    for (const agency of new Set(Object.values(CELLS).map((c) => c.agency))) {
      await send(
        agency,
        REPORTS.flatMap((report, i) =>
          CELLS[report[0]].agency === agency
            ? [{ report, id: `views-${i}`, time: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString() }]
            : [],
        ),
      );
    }
    await reportsStored(REPORTS.length);
  });

  afterAll(async () => {
    await producer?.close();
    await service?.close();
  });

  it('with the default view, equals the stored aggregate at every level, period type and aggregation', async () => {
    expect(await expectDefaultViewToEqualStoredAggregates()).toBeGreaterThan(40);
    const ratio = await read('indicator=TTHC_TOANTRINH&orgUnit=82&period=202401');
    expect(ratio.status).toBe(200);
    // sum(num) / sum(den) * 100 = 4 / 7 * 100, rounded as the stored aggregate is
    expect(ratio.body).toMatchObject({
      value: 57.1428571429,
      numerator: 4,
      denominator: 7,
      view: 'current',
      asOf: null,
      status: 'all',
      hierarchy: 'as-of-period',
    });
  });

  it('counts only approved cells with status=approved, and matches the default once every cell is approved', async () => {
    const approve = (where: string) =>
      db.query(`UPDATE indicator_values SET approval_status = 'approved', approval_changed_by = 'test', approval_changed_at = now()
                WHERE indicator_code = 'BTS_COUNT' AND ${where}`);
    await approve(
      `org_unit_id = (SELECT id FROM org_units WHERE code = '28249' AND validity @> '2024-01-01'::date) AND period = '2024S1'`,
    );

    expect((await read('indicator=BTS_COUNT&orgUnit=82&period=2024S1')).body.value).toBe(10); // 5 + 3 + 2
    const approvedHalf = await read('indicator=BTS_COUNT&orgUnit=82&period=2024S1&status=approved');
    expect(approvedHalf.body).toMatchObject({ value: 5, unitCount: 1, status: 'approved' });
    // Over the year each unit's latest approved half-year counts: only 28249's first half is approved.
    expect((await read('indicator=BTS_COUNT&orgUnit=82&period=2024')).body.value).toBe(25);
    expect((await read('indicator=BTS_COUNT&orgUnit=82&period=2024&status=approved')).body.value).toBe(5);
    expect((await read('indicator=BTS_COUNT&orgUnit=816&period=2024&status=approved')).status).toBe(404);

    await approve('true');
    for (const period of ['2024S1', '2024S2', '2024']) {
      const all = await read(`indicator=BTS_COUNT&orgUnit=82&period=${period}`);
      const approved = await read(`indicator=BTS_COUNT&orgUnit=82&period=${period}&status=approved`);
      expect(approved.body.value).toBe(all.body.value);
    }
  });

  it('answers 400 with the reason for an unknown status and for parameters that do not combine', async () => {
    const unknown = await read('indicator=BTS_COUNT&orgUnit=82&period=2024&status=pending');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.message)).toMatch(/status must be one of all, approved/);
    const mixed = await read('indicator=BTS_COUNT&orgUnit=82&period=2024&status=approved&view=first-published');
    expect(mixed.status).toBe(400);
    expect(JSON.stringify(mixed.body)).toMatch(/status=approved counts the approved current values/);
    expect((await read('indicator=BTS_COUNT&orgUnit=82&period=2024&view=latest')).status).toBe(400);
    expect((await read('indicator=BTS_COUNT&orgUnit=82&period=2024&asOf=yesterday')).status).toBe(400);
    expect((await read('indicator=BTS_COUNT&orgUnit=82&period=2024&hierarchy=today')).status).toBe(400);
    expect((await read('indicator=BTS_COUNT&orgUnit=82&period=202401')).status).toBe(400); // finer than reported
    expect((await fetch(`${service.url}/v1/aggregates?indicator=BTS_COUNT&orgUnit=82&period=2024`)).status).toBe(401);
  });

  it('reads an aggregate as first published and as corrected since, listing the correction, and as of a time', async () => {
    const beforeCorrection = await databaseNow();
    await send('VPUBND', [
      // 28249 corrects February; an older report for Gò Công's January arrives late and does not count.
      {
        report: ['DVC_APPS_ONLINE', '28249', '202402', { value: 26 }],
        id: 'views-correction',
        time: '2025-02-01T08:00:00.000Z',
      },
      {
        report: ['DVC_APPS_ONLINE', '816', '202401', { value: 1000 }],
        id: 'views-stale',
        time: '2024-12-01T08:00:00.000Z',
      },
    ]);
    await reportsStored(REPORTS.length + 2);
    const afterCorrection = await databaseNow();

    const corrected = await read('indicator=DVC_APPS_ONLINE&orgUnit=82&period=2024Q1');
    expect(corrected.body).toMatchObject({ value: 43, view: 'current' }); // 10 + 26 + 7
    expect(corrected.body.corrections).toBeUndefined();

    const first = await read('indicator=DVC_APPS_ONLINE&orgUnit=82&period=2024Q1&view=first-published');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      value: 37,
      view: 'first-published',
      current: { value: 43 },
      correctionCount: 1,
    });
    expect(first.body.corrections).toEqual([
      expect.objectContaining({
        orgUnitCode: '28249',
        period: '202402',
        from: expect.objectContaining({ value: '20', agencyCode: 'VPUBND' }),
        to: expect.objectContaining({ value: '26', agencyCode: 'VPUBND', reportedAt: '2025-02-01T08:00:00.000Z' }),
      }),
    ]);
    expect(first.body.corrections?.[0].to?.eventId).toContain('views-correction');

    const before = await read(`indicator=DVC_APPS_ONLINE&orgUnit=82&period=2024Q1&asOf=${beforeCorrection}`);
    expect(before.body).toMatchObject({ value: 37, view: 'current', asOf: beforeCorrection, correctionCount: 1 });
    expect(before.body.corrections?.map((c) => [c.orgUnitCode, c.period, c.from?.value, c.to?.value])).toEqual([
      ['28249', '202402', '20', '26'],
    ]);

    const after = await read(`indicator=DVC_APPS_ONLINE&orgUnit=82&period=2024Q1&asOf=${afterCorrection}`);
    expect(after.body).toMatchObject({ value: 43, asOf: afterCorrection, correctionCount: 0, corrections: [] });

    const beforeAnything = await read('indicator=DVC_APPS_ONLINE&orgUnit=82&period=2024Q1&asOf=2020-01-01T00:00:00Z');
    expect(beforeAnything.status).toBe(404);

    // The stored aggregates moved by the correction, and the default view still reproduces them all.
    await expectDefaultViewToEqualStoredAggregates();
  });

  it('restates 2024 figures onto the units of today: a new commune and the new province, by hand', async () => {
    const ofTheTime = await read('indicator=BTS_COUNT&orgUnit=28249&period=2024');
    expect(ofTheTime.body).toMatchObject({ value: 7, hierarchy: 'as-of-period', orgUnit: { nameVi: 'Phường 5' } });

    // Phường Đạo Thạnh = Phường 5 (latest half 7) + Phường 4 (4) + Xã Đạo Thạnh (2).
    const commune = await read('indicator=BTS_COUNT&orgUnit=28249&period=2024&hierarchy=restated');
    expect(commune.status).toBe(200);
    expect(commune.body).toMatchObject({
      value: 13,
      unitCount: 3,
      hierarchy: 'restated',
      orgUnit: { nameVi: 'Phường Đạo Thạnh', validFrom: '2025-07-01' },
    });
    expect(commune.body.restatement?.rule).toMatch(/split/);
    expect((await read('indicator=BTS_COUNT&orgUnit=28249&period=2024S1&hierarchy=restated')).body.value).toBe(7); // 5 + 2
    expect((await read('indicator=BTS_COUNT&orgUnit=28261&period=2024&hierarchy=restated')).body.value).toBe(9);

    // The new Tỉnh Đồng Tháp over today's units: every Tiền Giang unit, Gò Công's own figure included: 7 + 4 + 2 + 9 + 3.
    const province = await read('indicator=BTS_COUNT&orgUnit=82&period=2024&hierarchy=restated');
    expect(province.body).toMatchObject({ value: 25, unitCount: 5, orgUnit: { nameVi: 'Tỉnh Đồng Tháp' } });
    expect((await read('indicator=BTS_COUNT&orgUnit=82&period=2024')).body).toMatchObject({
      value: 25,
      orgUnit: { nameVi: 'Tỉnh Tiền Giang' },
    });

    // Over the hierarchy of 2024 there is no Phường Đạo Thạnh; restated, a district of 2024 is not a unit of today.
    expect((await read('indicator=BTS_COUNT&orgUnit=815&period=2024&hierarchy=restated')).status).toBe(404);
  });

  it('places a commune ended before the reform (successor not recorded) by its district: whole in the province only', async () => {
    // Phường 7 of Mỹ Tho (28255) ended on 2024-10-31; the commune that absorbed it is not recorded.
    await send('STTTT', [
      { report: ['BTS_COUNT', '28255', '2023S2', { value: 6 }], id: 'views-ended', time: '2024-01-05T08:00:00.000Z' },
      { report: ['BTS_COUNT', '28249', '2023S2', { value: 1 }], id: 'views-2023', time: '2024-01-05T08:00:00.000Z' },
    ]);
    await reportsStored(REPORTS.length + 4);

    expect((await read('indicator=BTS_COUNT&orgUnit=815&period=2023')).body.value).toBe(7);
    const province = await read('indicator=BTS_COUNT&orgUnit=82&period=2023&hierarchy=restated');
    expect(province.body).toMatchObject({ value: 7, restatement: { placedByAncestor: ['28255'], unplaced: [] } });
    const commune = await read('indicator=BTS_COUNT&orgUnit=28249&period=2023&hierarchy=restated');
    expect(commune.status).toBe(409);
    expect(JSON.stringify(commune.body.message)).toMatch(/28255/);
  });

  it('refuses to restate through a split onto one receiving unit, and counts the split unit whole in the province', async () => {
    // As if Phường 1 had been split between Phường Mỹ Tho and Phường Đạo Thạnh (as three communes of the old Đồng Tháp were).
    await db.query(
      `INSERT INTO org_unit_mappings (old_id, new_id, share_note)
       SELECT o.id, n.id, 'part (một phần)' FROM org_units o, org_units n
       WHERE o.code = '28261' AND o.validity @> '2025-06-30'::date AND n.code = '28249' AND n.validity @> '2025-07-01'::date`,
    );
    const refused = await read('indicator=BTS_COUNT&orgUnit=28249&period=2024&hierarchy=restated');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'RESTATEMENT_THROUGH_SPLIT' });
    expect(JSON.stringify(refused.body.message)).toMatch(/28261/);
    expect((await read('indicator=BTS_COUNT&orgUnit=82&period=2024&hierarchy=restated')).body.value).toBe(25);
  });
});
