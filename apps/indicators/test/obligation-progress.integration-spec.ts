import { Clock } from '@dxhub/calendar';
import { bearer } from '@dxhub/testing';
import { ObligationProgressJob } from '../src/obligations/obligation-progress-job';
import { ObligationScheduler } from '../src/obligations/obligation-scheduler';
import { useObligationsService } from './obligations-harness';

const STTTT_REPORTER = { ...bearer({ agency: 'STTTT', roles: ['reporter'] }), 'content-type': 'application/json' };

interface Progress {
  obligationCode: string;
  period: string;
  agency: string;
  declaredAgency: string;
  dueDate: string;
  expectedReports: number;
  receivedReports: number;
  onTimeReports: number;
  version: number;
}

/*
 * dx.obligation.progress-updated against the real database and broker: reports arriving are queued by the intake's
 * statement, the job recounts the obligation periods with the completeness endpoint's code and publishes the
 * counts when they changed — once per change, a late report raising received and not on time — and a period the
 * scheduler opens is published with no report in.
 */
describe('obligation progress events (PostgreSQL, Kafka)', () => {
  const { service, get, post, publishedEvents } = useObligationsService('obligation-progress');
  let job: ObligationProgressJob;

  /** The progress events written for one obligation period, oldest first. */
  const published = async (subject: string): Promise<Progress[]> => {
    const rows = (await service.db.query(
      `SELECT payload::text AS payload FROM outbox
       WHERE event_type = 'dx.obligation.progress-updated' AND event_subject = $1 ORDER BY id`,
      [subject],
    )) as { payload: string }[];
    return rows.map((r) => JSON.parse(r.payload) as Progress);
  };
  /** Reports for 2024Q4 of CSDL_CONNECTED, stamped as arrived at the times given. */
  const report = async (arrivals: [unit: string, id: string, at: string][]) => {
    const res = await post(
      '/v1/indicator-values',
      {
        values: arrivals.map(([unit, id]) => ({
          indicatorCode: 'CSDL_CONNECTED',
          orgUnitCode: unit,
          period: '2024Q4',
          value: 3,
          id,
        })),
      },
      STTTT_REPORTER,
    );
    expect(res.status).toBe(200);
    // The intake stamps received_at with the time of arrival; these arrived on the days listed.
    await service.db.query(
      `UPDATE indicator_reports r SET received_at = t.at::timestamptz
       FROM unnest($1::text[], $2::text[]) AS t(id, at) WHERE r.event_id LIKE '%' || t.id`,
      [arrivals.map(([, id]) => id), arrivals.map(([, , at]) => at)],
    );
  };
  const endpoint = async () => {
    const { body } = await get<Omit<Progress, 'version'>>(
      '/v1/obligations/completeness?orgUnit=815&period=2024Q4&obligation=CSDL_MY_THO',
    );
    return {
      expectedReports: body.expectedReports,
      receivedReports: body.receivedReports,
      onTimeReports: body.onTimeReports,
    };
  };

  beforeAll(async () => {
    job = service.app.get(ObligationProgressJob);
    const created = await post('/v1/obligations', {
      code: 'CSDL_MY_THO',
      nameVi: 'Báo cáo quý về cơ sở dữ liệu dùng chung — Mỹ Tho',
      nameEn: 'Quarterly report on shared databases — Mỹ Tho',
      agencyCode: 'STTTT',
      periodType: 'QUARTERLY',
      indicatorCodes: ['CSDL_CONNECTED'],
      orgUnitCodes: ['815'],
      coverage: 'UNIT_AND_CHILDREN',
      dueAnchor: 'PERIOD_END',
      dueWorkingDays: 5,
    });
    expect(created.status).toBe(201);
  });

  it('publishes the endpoint’s counts when reports arrive, and nothing when they did not change', async () => {
    // Mỹ Tho and its 14 communes on 2024-12-31: 15 reports expected, due Wednesday 8/1/2025.
    await report([
      ['815', 'progress-815', '2025-01-08T03:00:00Z'], // on time
      ['28249', 'progress-28249', '2025-01-02T02:00:00Z'], // on time
    ]);
    expect(await job.publishQueuedProgress()).toBeGreaterThan(0);
    const first = await published('CSDL_MY_THO/2024Q4');
    expect(first).toEqual([
      expect.objectContaining({
        obligationCode: 'CSDL_MY_THO',
        period: '2024Q4',
        agency: 'STTTT',
        declaredAgency: 'STTTT',
        periodType: 'QUARTERLY',
        dueDate: '2025-01-08',
        expectedReports: 15,
        receivedReports: 2,
        onTimeReports: 2,
        version: 1,
      }),
    ]);
    expect(await endpoint()).toEqual({ expectedReports: 15, receivedReports: 2, onTimeReports: 2 });
    // The seeded obligation over the same indicator (the province and its 11 district-level units) is counted too.
    expect(await published('CSDL_CONNECTED/2024Q4')).toEqual([
      expect.objectContaining({ expectedReports: 12, receivedReports: 1, version: 1 }),
    ]);

    // Nothing queued: nothing published.
    expect(await job.publishQueuedProgress()).toBe(0);
    // A correction of a received cell, and a report sent again: the counts stay, nothing is published.
    await report([
      ['28249', 'progress-28249-fix', '2025-02-10T02:00:00Z'],
      ['815', 'progress-815', '2025-01-08T03:00:00Z'],
    ]);
    expect(await job.publishQueuedProgress()).toBe(0);
    expect(await published('CSDL_MY_THO/2024Q4')).toHaveLength(1);
  });

  it('raises received but not on time for a late report, in the next version', async () => {
    await report([['28252', 'progress-28252', '2025-01-08T17:00:00Z']]); // 00:00 on 9/1 in Việt Nam: late
    await job.publishQueuedProgress();
    const [, second] = await published('CSDL_MY_THO/2024Q4');
    expect(second).toMatchObject({ expectedReports: 15, receivedReports: 3, onTimeReports: 2, version: 2 });
    expect(await endpoint()).toEqual({ expectedReports: 15, receivedReports: 3, onTimeReports: 2 });
  });

  it('publishes a period the scheduler opens, with nothing received yet', async () => {
    await post('/v1/obligations', {
      code: 'CSDL_PROVINCE_Q',
      nameVi: 'Báo cáo quý của tỉnh về cơ sở dữ liệu dùng chung',
      nameEn: 'Province quarterly report on shared databases',
      agencyCode: 'STTTT',
      periodType: 'QUARTERLY',
      indicatorCodes: ['CSDL_CONNECTED'],
      orgUnitCodes: ['82'],
      coverage: 'UNIT',
      dueAnchor: 'PERIOD_END',
      dueWorkingDays: 0,
    });
    // Defined over an indicator with reports: its 2024Q4 is counted (the province's report is missing).
    await job.publishQueuedProgress();
    expect(await published('CSDL_PROVINCE_Q/2024Q4')).toEqual([
      expect.objectContaining({ expectedReports: 1, receivedReports: 0, version: 1 }),
    ]);
    // Q1 2026 ends Tuesday 31/3 and opens on 1/4, owed by SKHCN after the merger.
    service.app.get(Clock).now = () => new Date('2026-04-01T00:00:00.000Z');
    const run = await service.app.get(ObligationScheduler).runOnce();
    expect(run.opened).toContain('CSDL_PROVINCE_Q/2026Q1');
    await job.publishQueuedProgress();
    expect(await published('CSDL_PROVINCE_Q/2026Q1')).toEqual([
      expect.objectContaining({ agency: 'SKHCN', declaredAgency: 'STTTT', expectedReports: 1, receivedReports: 0 }),
    ]);
  });

  it('sends the events to dx.indicators.events, keyed by the obligation', async () => {
    const records = await publishedEvents();
    const mine = records.filter(
      (r) => r.headers.ce_type === 'dx.obligation.progress-updated' && r.headers.ce_subject === 'CSDL_MY_THO/2024Q4',
    );
    expect(mine.map((r) => [r.key, r.headers.ce_id])).toEqual([
      ['CSDL_MY_THO', 'obligation-progress:CSDL_MY_THO:2024Q4:v1'],
      ['CSDL_MY_THO', 'obligation-progress:CSDL_MY_THO:2024Q4:v2'],
    ]);
  });
});
