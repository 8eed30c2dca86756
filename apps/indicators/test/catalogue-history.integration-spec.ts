import { EventTypes } from '@dxhub/contracts';
import { agencyReportHeaders, waitFor } from '@dxhub/testing';
import { IndicatorIntakeService } from '../src/intake/indicator-intake.service';
import { definition, type Json, useCatalogueService } from './catalogue-harness';
import { useAgencyProducer } from './indicators-app';

/*
 * Agencies over time against the real database and broker: the agencies in force on a date with their successors,
 * the agency responsible for an indicator on a date, and the history of a cell from reports sent through Kafka.
 */
describe('catalogue, agencies over time and history (PostgreSQL + Kafka)', () => {
  const { service, call, get } = useCatalogueService('catalogue-history');
  const agencies = useAgencyProducer();

  it('lists the agencies in force on a date, with successors and predecessors', async () => {
    const codes = async (at: string) => ((await get(`/v1/agencies?at=${at}`)).body.data as Json[]).map((a) => a.code);
    const end2024 = await codes('2024-12-31');
    expect(end2024).toEqual(expect.arrayContaining(['STTTT', 'SKHCN', 'SNNPTNT', 'STNMT', 'UBND815']));
    expect(end2024).not.toContain('SNNMT');
    const august2025 = await codes('2025-08-01');
    expect(august2025).toEqual(expect.arrayContaining(['SKHCN', 'SNNMT', 'SNV']));
    for (const gone of ['STTTT', 'SNNPTNT', 'STNMT', 'UBND815']) expect(august2025).not.toContain(gone);

    const all = (await get('/v1/agencies')).body.data as Json[];
    expect(all.find((a) => a.code === 'STTTT')).toMatchObject({
      validTo: '2025-02-28',
      successors: [{ code: 'SKHCN', effectiveFrom: '2025-03-01' }],
      predecessors: [],
    });
    expect(all.find((a) => a.code === 'SNNMT')).toMatchObject({
      successors: [],
      predecessors: [
        { code: 'SNNPTNT', effectiveFrom: '2025-03-01' },
        { code: 'STNMT', effectiveFrom: '2025-03-01' },
      ],
    });
    expect((await get('/v1/agencies?at=yesterday')).status).toBe(400);
  });

  it('follows successor links to the agency responsible on a date', async () => {
    // FIBRE_HH is STTTT's; STTTT became part of SKHCN on 2025-03-01.
    const before = await get('/v1/indicators/FIBRE_HH?at=2024-12-31');
    expect(before.body.responsibleAgencyOn).toEqual({
      on: '2024-12-31',
      code: 'STTTT',
      nameVi: 'Sở Thông tin và Truyền thông',
      nameEn: expect.any(String),
      via: [],
    });
    const after = await get('/v1/indicators/FIBRE_HH?at=2025-08-01');
    expect(after.body.responsibleAgencyOn).toEqual({
      on: '2025-08-01',
      code: 'SKHCN',
      nameVi: 'Sở Khoa học và Công nghệ',
      nameEn: 'Department of Science and Technology',
      via: ['STTTT'],
    });

    // District People's Committees ended on 2025-06-30 with no successor seeded.
    expect(
      (await call('POST', '/v1/indicators', definition('WIFI_DISTRICT', { responsibleAgency: 'UBND815' }))).status,
    ).toBe(201);
    const district = await get('/v1/indicators/WIFI_DISTRICT?at=2025-08-01');
    expect(district.body.responsibleAgencyOn).toBeNull();
    expect(district.body.responsibleAgencyOnReason).toBe(
      'agency UBND815 ended on 2025-06-30 and no successor is recorded',
    );
  });

  it('shows the history of a cell: newest first, the current report, and what each replaced', async () => {
    const topic = `${service.topicPrefix}dx.agency.STTTT.indicator-values`;
    const body = (value: number) =>
      JSON.stringify({ indicatorCode: 'BTS_COUNT', orgUnitCode: '817', period: '2024S2', value });
    const t = (minute: number) => new Date(Date.UTC(2025, 0, 20, 9, minute)).toISOString();
    const reports = async () => {
      const [{ n }] = await service.db.query(
        `SELECT count(*)::int AS n FROM indicator_reports WHERE event_id LIKE 'hist-%'`,
      );
      return n as number;
    };
    const stored = (n: number) =>
      waitFor(async () => ((await reports()) >= n ? true : undefined), 30000, `${n} history reports`);

    // One at a time, so arrival order is certain: the first, a correction, then a late report with an older time.
    await agencies.producer.send(topic, [
      { key: 'BTS_COUNT', value: body(30), headers: agencyReportHeaders('STTTT', 'hist-a', t(1)) },
    ]);
    await stored(1);
    await agencies.producer.send(topic, [
      { key: 'BTS_COUNT', value: body(33), headers: agencyReportHeaders('STTTT', 'hist-b', t(3)) },
    ]);
    await stored(2);
    const late = await service.app.get(IndicatorIntakeService).submit([
      {
        agencyCode: 'STTTT',
        channel: 'rest',
        event: {
          specversion: '1.0',
          id: 'hist-c',
          source: '/agencies/STTTT',
          type: EventTypes.INDICATOR_VALUE_REPORTED,
          time: t(2),
          data: { indicatorCode: 'BTS_COUNT', orgUnitCode: '817', period: '2024S2', value: 31 },
        },
      },
    ]);
    expect(late).toEqual([{ status: 'accepted' }]);

    const history = await get('/v1/indicator-values/history?indicator=BTS_COUNT&orgUnit=817&period=2024S2');
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({
      indicator: 'BTS_COUNT',
      period: '2024S2',
      orgUnit: { code: '817' },
      nextCursor: null,
    });
    expect(history.body.data).toEqual([
      expect.objectContaining({
        eventId: 'hist-b',
        value: 33,
        current: true,
        replaces: 'hist-c',
        arrivedLate: false,
        reportedAt: t(3),
        channel: 'dx.agency.STTTT.indicator-values',
        agencyCode: 'STTTT',
      }),
      expect.objectContaining({
        eventId: 'hist-c',
        value: 31,
        current: false,
        replaces: 'hist-a',
        arrivedLate: true,
        reportedAt: t(2),
        channel: 'rest',
      }),
      expect.objectContaining({
        eventId: 'hist-a',
        value: 30,
        current: false,
        replaces: null,
        arrivedLate: false,
        reportedAt: t(1),
        numerator: null,
        denominator: null,
      }),
    ]);
    const [{ current }] = await service.db.query(
      `SELECT v.value::float8 AS current FROM indicator_values v JOIN org_units o ON o.id = v.org_unit_id
       WHERE v.indicator_code = 'BTS_COUNT' AND o.code = '817' AND v.period = '2024S2'`,
    );
    expect(current).toBe(33);

    // Paged: two, then the last one, with the same replaces.
    const first = await get('/v1/indicator-values/history?indicator=BTS_COUNT&orgUnit=817&period=2024S2&limit=2');
    expect((first.body.data as Json[]).map((e) => e.eventId)).toEqual(['hist-b', 'hist-c']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(
      `/v1/indicator-values/history?indicator=BTS_COUNT&orgUnit=817&period=2024S2&limit=2&cursor=${String(first.body.nextCursor)}`,
    );
    expect(second.body).toMatchObject({
      data: [expect.objectContaining({ eventId: 'hist-a', replaces: null })],
      nextCursor: null,
    });

    // The org unit is the version in force at the end of the period: Mỹ Tho (815) does not exist in 2025S2.
    expect((await get('/v1/indicator-values/history?indicator=BTS_COUNT&orgUnit=815&period=2025S2')).status).toBe(404);
    expect(
      (await get('/v1/indicator-values/history?indicator=BTS_COUNT&orgUnit=817&period=2024S2&limit=501')).status,
    ).toBe(400);
    expect(
      (await get('/v1/indicator-values/history?indicator=BTS_COUNT&orgUnit=817&period=2024S2&cursor=bogus')).status,
    ).toBe(400);
    expect((await get('/v1/indicator-values/history?indicator=BTS_COUNT&orgUnit=817&period=2024-07')).status).toBe(400);
    expect((await get('/v1/indicator-values/history?indicator=NO_SUCH&orgUnit=817&period=2024S2')).status).toBe(404);
  });
});
