import { Clock } from '@dxhub/calendar';
import { bearer } from '@dxhub/testing';
import { ObligationScheduler } from '../src/obligations/obligation-scheduler';
import { useObligationsService } from './obligations-harness';

interface Counts {
  expectedReports: number;
  receivedReports: number;
  onTimeReports: number;
  completeness: string | null;
  timeliness: string | null;
}
type Completeness = Counts & {
  own: Counts | null;
  children: (Counts & { orgUnitCode: string })[];
  byAgency: (Counts & { agency: string })[];
  byPeriod: (Counts & { period: string; dueDate: string })[];
};

/** The counts only, to compare with hand-worked numbers. */
const counts = (c: Counts) => ({
  expectedReports: c.expectedReports,
  receivedReports: c.receivedReports,
  onTimeReports: c.onTimeReports,
  completeness: c.completeness,
  timeliness: c.timeliness,
});

/*
 * Reporting obligations against the real database and broker: the scheduler's events on the right Vietnamese working
 * days (Tết 2026 in between), read back from dx.indicators.events, and completeness and timeliness rolled up from
 * communes to the province. Defining obligations over the API is in obligation-definitions.integration-spec.ts.
 */
describe('reporting obligations (PostgreSQL, Kafka)', () => {
  const { service, get, post, publishedEvents } = useObligationsService('obligations');
  let scheduler: ObligationScheduler;
  let clock: Clock;

  /** Runs the scheduler on a Vietnamese date (07:00 there) and lists what fired for one obligation period. */
  const runOn = async (date: string, subject: string) => {
    clock.now = () => new Date(`${date}T00:00:00.000Z`);
    const run = await scheduler.runOnce();
    expect(run.skipped).toBe(false);
    return (['opened', 'dueSoon', 'overdue'] as const).filter((kind) => run[kind].includes(subject));
  };

  beforeAll(() => {
    scheduler = service.app.get(ObligationScheduler);
    clock = service.app.get(Clock);
  });

  it('seeds one obligation per catalogued indicator, owed by the successor after a merger', async () => {
    const all = await get<{ data: { origin: string }[] }>('/v1/obligations');
    expect(all.body.data.filter((o) => o.origin === 'seed')).toHaveLength(42);
    const list = await get<{ data: { code: string; agencyCode: string; coverage: string; origin: string }[] }>(
      '/v1/obligations?agency=STTTT',
    );
    expect(list.status).toBe(200);
    expect(list.body.data.find((o) => o.code === 'TCNSCD_TEAMS')).toMatchObject({
      agencyCode: 'STTTT',
      coverage: 'UNIT_AND_CHILDREN',
      origin: 'seed',
      indicatorCodes: ['TCNSCD_TEAMS'],
      orgUnitCodes: ['82'],
      dueAnchor: 'CUT_OFF',
      dueWorkingDays: 2,
    });
    // February 2026: the province and its 102 communes (no district level since 2025-07-01), owed by SKHCN.
    const feb = await get<{ period: Record<string, unknown> }>('/v1/obligations/TCNSCD_TEAMS?period=202602');
    expect(feb.status).toBe(200);
    expect(feb.body.period).toMatchObject({
      period: '202602',
      agency: 'SKHCN',
      closesOn: '2026-02-14',
      opensOn: '2026-02-15',
      dueDate: '2026-02-24',
      overdueOn: '2026-02-25',
      expectedReports: 103,
      receivedReports: 0,
    });
    // October 2024: STTTT itself, for the province and its 11 district-level units.
    const oct = await get<{ period: Record<string, unknown> }>('/v1/obligations/TCNSCD_TEAMS?period=202410');
    expect(oct.body.period).toMatchObject({ agency: 'STTTT', expectedReports: 12 });
    expect((await get('/v1/obligations/TCNSCD_TEAMS?period=2026Q1')).body).toMatchObject({
      error: 'PERIOD_TYPE_MISMATCH',
    });
    expect((await get('/v1/obligations/NO_SUCH?period=202602')).status).toBe(404);
  });

  it('fires due-soon, opened and overdue once each, overdue on the first working day after a due day past Tết', async () => {
    // The province's own report arrives; the communes' do not.
    const reported = await post(
      '/v1/indicator-values',
      {
        values: [
          { indicatorCode: 'TCNSCD_TEAMS', orgUnitCode: '82', period: '202602', value: 102, id: 'obl-82-202602' },
        ],
      },
      { ...bearer({ agency: 'SKHCN', roles: ['reporter'] }), 'content-type': 'application/json' },
    );
    expect(reported.status).toBe(200);
    const subject = 'TCNSCD_TEAMS/202602';
    // Due Tuesday 24/2: three working days ahead on Thursday 12/2 (13/2, 23/2, 24/2), with Tết 16–20/2 between.
    expect(await runOn('2026-02-11', subject)).toEqual([]);
    expect(await runOn('2026-02-12', subject)).toEqual(['dueSoon']);
    expect(await runOn('2026-02-13', subject)).toEqual([]);
    // The data closes on Saturday 14/2; the period opens on Sunday 15/2.
    expect(await runOn('2026-02-15', subject)).toEqual(['opened']);
    // Two calendar days after the cut-off would be 16/2; two working days are 23/2 and 24/2. Nothing before 25/2.
    for (const day of ['2026-02-16', '2026-02-17', '2026-02-20', '2026-02-23', '2026-02-24'])
      expect(await runOn(day, subject)).toEqual([]);
    expect(await runOn('2026-02-25', subject)).toEqual(['overdue']);
    expect(await runOn('2026-02-25', subject)).toEqual([]);
    expect(await runOn('2026-02-26', subject)).toEqual([]);

    const emitted = (await service.db.query(
      `SELECT kind FROM obligation_events_emitted WHERE obligation_code = 'TCNSCD_TEAMS' AND period = '202602' ORDER BY kind`,
    )) as { kind: string }[];
    expect(emitted.map((e) => e.kind)).toEqual(['due-soon', 'opened', 'overdue']);

    // Read them back from the topic once the relay published everything the outbox holds.
    const records = await publishedEvents();
    const events = records
      .filter((r) => r.headers.ce_type?.startsWith('dx.obligation.') && r.headers.ce_subject === subject)
      .map((r) => ({
        type: r.headers.ce_type,
        key: r.key,
        data: JSON.parse(String(r.value)) as Record<string, unknown>,
      }));
    expect(events.map((e) => e.type).sort()).toEqual([
      'dx.obligation.due-soon',
      'dx.obligation.opened',
      'dx.obligation.overdue',
    ]);
    const byType = Object.fromEntries(events.map((e) => [e.type, e]));
    const common = {
      obligationCode: 'TCNSCD_TEAMS',
      agency: 'SKHCN',
      declaredAgency: 'STTTT',
      indicatorCode: 'TCNSCD_TEAMS',
      period: '202602',
      periodType: 'MONTHLY',
      dueDate: '2026-02-24',
      expectedReports: 103,
      receivedReports: 1,
    };
    expect(byType['dx.obligation.due-soon']).toMatchObject({
      key: 'TCNSCD_TEAMS',
      data: { ...common, workingDaysLeft: 3 },
    });
    expect(byType['dx.obligation.opened'].data).toMatchObject({ ...common, opensOn: '2026-02-15' });
    const overdue = byType['dx.obligation.overdue'].data;
    expect(overdue).toMatchObject({ ...common, workingDaysOverdue: 1 });
    expect(overdue.missingOrgUnitCodes).toHaveLength(102);
    expect(overdue.missingOrgUnitCodes).not.toContain('82');
  });

  it('raises nothing about a period whose reports all arrived', async () => {
    await post('/v1/obligations', {
      code: 'CSDL_PROVINCE',
      nameVi: 'Báo cáo tỉnh về cơ sở dữ liệu dùng chung',
      nameEn: 'Province report on shared databases',
      agencyCode: 'SKHCN',
      periodType: 'QUARTERLY',
      indicatorCodes: ['CSDL_CONNECTED'],
      orgUnitCodes: ['82'],
      coverage: 'UNIT',
      dueAnchor: 'PERIOD_END',
      dueWorkingDays: 0,
    });
    await post(
      '/v1/indicator-values',
      {
        values: [
          { indicatorCode: 'CSDL_CONNECTED', orgUnitCode: '82', period: '2026Q1', value: 40, id: 'obl-82-2026q1' },
        ],
      },
      { ...bearer({ agency: 'SKHCN', roles: ['reporter'] }), 'content-type': 'application/json' },
    );
    // Q1 2026 ends Tuesday 31/3, due that day; 1/4 would be the overdue day and 31/3 the due-soon one.
    expect(await runOn('2026-03-31', 'CSDL_PROVINCE/2026Q1')).toEqual([]);
    expect(await runOn('2026-04-01', 'CSDL_PROVINCE/2026Q1')).toEqual(['opened']);
  });

  describe('completeness and timeliness of Mỹ Tho’s and Gò Công’s quarterly report, 2024Q4', () => {
    const path = '/v1/obligations/completeness?period=2024Q4&obligation=CSDL_MY_THO_GO_CONG&orgUnit=';

    beforeAll(async () => {
      const created = await post('/v1/obligations', {
        code: 'CSDL_MY_THO_GO_CONG',
        nameVi: 'Báo cáo quý về cơ sở dữ liệu dùng chung — Mỹ Tho, Gò Công',
        nameEn: 'Quarterly report on shared databases — Mỹ Tho, Gò Công',
        agencyCode: 'STTTT',
        periodType: 'QUARTERLY',
        indicatorCodes: ['CSDL_CONNECTED'],
        orgUnitCodes: ['815', '816'],
        coverage: 'UNIT_AND_CHILDREN',
        dueAnchor: 'PERIOD_END',
        dueWorkingDays: 5,
      });
      expect(created.status).toBe(201);
      // On 2024-12-31 Mỹ Tho (815) has 14 communes (Phường 3, 7 and 8 ended on 2024-10-31) and Gò Công (816) 10:
      // 26 reports expected. Due on the 5th working day after Tuesday 31/12 with New Year's Day off: Wednesday 8/1/2025.
      const received: [string, string][] = [
        ['815', '2025-01-08T03:00:00Z'], // 10:00 on the due day: on time
        ['28249', '2025-01-02T02:00:00Z'], // on time (its correction below arrives late and changes nothing)
        ['28252', '2025-01-03T02:00:00Z'],
        ['28261', '2025-01-06T02:00:00Z'],
        ['28264', '2025-01-07T02:00:00Z'],
        ['28270', '2025-01-08T16:59:59Z'], // 23:59:59 on 8/1 in Việt Nam: on time
        ['28273', '2025-01-08T17:00:00Z'], // 00:00 on 9/1 in Việt Nam: late
        ['28276', '2025-01-09T02:00:00Z'], // late
        ['28279', '2025-01-15T02:00:00Z'], // late
        ['816', '2025-02-01T02:00:00Z'], // late
        ['28306', '2025-01-02T02:00:00Z'], // on time
        ['28708', '2025-01-08T02:00:00Z'], // on time
      ];
      const values = [
        ...received.map(([unit]) => ({
          indicatorCode: 'CSDL_CONNECTED',
          orgUnitCode: unit,
          period: '2024Q4',
          value: 3,
          id: `obl-${unit}`,
        })),
        { indicatorCode: 'CSDL_CONNECTED', orgUnitCode: '28249', period: '2024Q4', value: 4, id: 'obl-28249-fix' },
      ];
      const res = await post(
        '/v1/indicator-values',
        { values },
        { ...bearer({ agency: 'STTTT', roles: ['reporter'] }), 'content-type': 'application/json' },
      );
      expect(res.status).toBe(200);
      // The intake stamps received_at with the time of arrival; these reports arrived on the days listed.
      const times = [...received.map(([unit, at]) => [`obl-${unit}`, at]), ['obl-28249-fix', '2025-02-10T02:00:00Z']];
      await service.db.query(
        `UPDATE indicator_reports r SET received_at = t.at::timestamptz
         FROM unnest($1::text[], $2::text[]) AS t(id, at) WHERE r.event_id = t.id OR r.event_id LIKE '%:' || t.id`,
        [times.map(([id]) => id), times.map(([, at]) => at)],
      );
      const [{ stamped }] = (await service.db.query(
        `SELECT count(*)::int AS stamped FROM indicator_reports WHERE period = '2024Q4' AND received_at < '2025-03-01'`,
      )) as { stamped: number }[];
      expect(stamped).toBe(13);
    });

    it('rolls up to the province as sums: 12 of 26 received, 8 on time', async () => {
      const { status, body } = await get<Completeness>(`${path}82`);
      expect(status).toBe(200);
      expect(counts(body)).toEqual({
        expectedReports: 26,
        receivedReports: 12,
        onTimeReports: 8,
        completeness: '46.1538461538',
        timeliness: '30.7692307692',
      });
      expect(body.own).toBeNull();
      expect(body.children.map((c) => [c.orgUnitCode, c.expectedReports, c.receivedReports, c.onTimeReports])).toEqual([
        ['815', 15, 9, 6],
        ['816', 11, 3, 2],
      ]);
      expect(body.byAgency.map((a) => [a.agency, a.expectedReports])).toEqual([['STTTT', 26]]);
      expect(body.byPeriod).toEqual([
        expect.objectContaining({ period: '2024Q4', dueDate: '2025-01-08', expectedReports: 26 }),
      ]);
    });

    it('gives each district-level unit its own and its communes’ counts, and a commune its own', async () => {
      const myTho = await get<Completeness>(`${path}815`);
      expect(counts(myTho.body)).toEqual({
        expectedReports: 15,
        receivedReports: 9,
        onTimeReports: 6,
        completeness: '60.0000000000',
        timeliness: '40.0000000000',
      });
      expect(myTho.body.own).toMatchObject({ expectedReports: 1, receivedReports: 1, onTimeReports: 1 });
      expect(myTho.body.children).toHaveLength(14);
      expect(myTho.body.children.find((c) => c.orgUnitCode === '28255')).toBeUndefined();
      const goCong = await get<Completeness>(`${path}816`);
      expect(counts(goCong.body)).toEqual({
        expectedReports: 11,
        receivedReports: 3,
        onTimeReports: 2,
        completeness: '27.2727272727',
        timeliness: '18.1818181818',
      });
      expect(goCong.body.own).toMatchObject({ receivedReports: 1, onTimeReports: 0 });
      expect(counts((await get<Completeness>(`${path}28273`)).body)).toMatchObject({
        expectedReports: 1,
        receivedReports: 1,
        onTimeReports: 0,
      });
      expect(counts((await get<Completeness>(`${path}28249`)).body)).toMatchObject({
        receivedReports: 1,
        onTimeReports: 1,
      });
      expect(counts((await get<Completeness>(`${path}28282`)).body)).toMatchObject({
        expectedReports: 1,
        receivedReports: 0,
        completeness: '0.0000000000',
      });
    });

    it('adds every obligation an agency owes, each with its own due day', async () => {
      // STTTT's five seeded quarterly obligations expect the province and its 11 district-level units (60 reports)
      // and its two monthly ones the same 12 units in each of the quarter's months (72); with the 26 above, 158.
      // The seeded CSDL_CONNECTED one counts the 815 and 816 reports too, both late against its 17/12/2024 due day:
      // 14 received, 8 on time.
      const { body } = await get<Completeness>('/v1/obligations/completeness?orgUnit=82&period=2024Q4&agency=STTTT');
      expect(counts(body)).toEqual({
        expectedReports: 158,
        receivedReports: 14,
        onTimeReports: 8,
        completeness: '8.8607594937',
        timeliness: '5.0632911392',
      });
      expect(body.byPeriod.map((p) => [p.period, p.dueDate, p.expectedReports, p.receivedReports])).toEqual([
        ['202410', '2024-10-16', 24, 0],
        ['202411', '2024-11-18', 24, 0],
        ['202412', '2024-12-17', 24, 0],
        ['2024Q4', '2024-12-17', 60, 2],
        ['2024Q4', '2025-01-08', 26, 12],
      ]);
      // SKHCN owes only CSDL_PROVINCE's province report then (nothing received); SYT has no quarterly obligation.
      const skhcn = await get<Completeness>('/v1/obligations/completeness?orgUnit=82&period=2024Q4&agency=SKHCN');
      expect(counts(skhcn.body)).toEqual({
        expectedReports: 1,
        receivedReports: 0,
        onTimeReports: 0,
        completeness: '0.0000000000',
        timeliness: '0.0000000000',
      });
      const syt = await get<Completeness>('/v1/obligations/completeness?orgUnit=82&period=2024Q4&agency=SYT');
      expect(counts(syt.body)).toMatchObject({ expectedReports: 0, completeness: null, timeliness: null });
    });

    it('counts a successor’s obligations after the merger, and a quarter’s months', async () => {
      // 2025Q4: STTTT's five quarterly obligations are SKHCN's, for the new province and its 102 communes.
      const quarterly = await get<Completeness>('/v1/obligations/completeness?orgUnit=82&period=2025Q4&agency=SKHCN');
      // The two monthly ones (TCNSCD_TEAMS, TCNSCD_MEMBERS) count three months each; CSDL_PROVINCE its province report.
      expect(quarterly.body.byAgency.map((a) => a.agency)).toEqual(['SKHCN']);
      expect(quarterly.body.byPeriod.map((p) => [p.period, p.dueDate, p.expectedReports])).toEqual([
        ['202510', '2025-10-16', 206],
        ['202511', '2025-11-18', 206],
        ['202512', '2025-12-16', 206],
        ['2025Q4', '2025-12-16', 515],
        ['2025Q4', '2025-12-31', 1],
      ]);
      expect(quarterly.body.expectedReports).toBe(3 * 206 + 515 + 1);
    });

    it('refuses what it cannot answer, with the reason', async () => {
      expect((await get('/v1/obligations/completeness?orgUnit=82&period=2025Q5')).status).toBe(400);
      expect((await get('/v1/obligations/completeness?orgUnit=815&period=2025Q4')).body).toMatchObject({
        error: 'UNKNOWN_ORG_UNIT',
      });
      expect((await get('/v1/obligations/completeness?orgUnit=82&period=2025Q4&agency=NOPE')).body).toMatchObject({
        error: 'UNKNOWN_AGENCY',
      });
      expect((await get('/v1/obligations/completeness?orgUnit=82&period=2025Q4&obligation=NOPE')).status).toBe(404);
    });
  });
});
