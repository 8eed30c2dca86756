import { Clock } from '@dxhub/calendar';
import { EventTypes } from '@dxhub/contracts';
import { AgencyProducer, agencyReportHeaders, waitFor, bearer } from '@dxhub/testing';
import { DataSource } from 'typeorm';
import { CatalogueService } from '../src/catalogue/catalogue.service';
import { IndicatorsConfig } from '../src/config/indicators.config';
import { IndicatorIntakeService } from '../src/intake/indicator-intake.service';
import { loadSeeds, readSeeds } from '../src/catalogue/seeds/seed-loader';
import { type RunningIndicators, startIndicators } from './indicators-app';

/** Every role at once: these tests are about the catalogue, not access (tests/security is). */
const AUTH = bearer({ agency: 'STTTT', roles: ['admin', 'programme-office', 'reporter', 'viewer'] });

/*
 * The catalogue over REST against the real database (and the broker for the history's reports):
 * indicators with formula versions, agencies over time with their successors, and the history of a cell.
 */
describe('catalogue, agencies over time and history (PostgreSQL + Kafka)', () => {
  let service: RunningIndicators;
  let db: DataSource;
  let producer: AgencyProducer;

  type Json = Record<string, unknown>;
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: body === undefined ? AUTH : { ...AUTH, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
  };
  const get = (path: string) => call('GET', path);

  /** A sound SUM-of-counts definition; tests vary it. */
  const definition = (code: string, over: Json = {}): Json => ({
    code,
    nameVi: 'Số điểm phát sóng Wi-Fi công cộng'.normalize('NFD'),
    nameEn: 'Public Wi-Fi hotspots',
    unit: 'count',
    pillar: 'XHS',
    subIndex: 'HT',
    sector: 'telecom',
    aggregation: 'SUM',
    orgUnitAggregation: null,
    timeAggregation: 'LAST',
    ratio: null,
    periodType: 'SIX_MONTHLY',
    direction: 'HIGHER_IS_BETTER',
    baseline: null,
    targets: [{ year: 2025, value: 500, comparator: '>=', tolerance: 20 }],
    nationalAverage: [],
    responsibleAgency: 'STTTT',
    bounds: { min: 0, max: 10000 },
    source: 'integration test',
    notes: '',
    ...over,
  });

  beforeAll(async () => {
    service = await startIndicators('catalogue');
    db = service.app.get(DataSource);
    producer = await AgencyProducer.connect();
  });

  afterAll(async () => {
    await producer?.close();
    await service?.close();
  });

  it('creates an indicator, stores its names NFC, and refuses the same code again', async () => {
    const created = await call('POST', '/v1/indicators', definition('WIFI_HOTSPOTS'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'WIFI_HOTSPOTS',
      effectiveFrom: null,
      orgUnitAggregation: 'SUM',
      periodType: 'SIX_MONTHLY',
    });
    expect(created.body.nameVi).toBe('Số điểm phát sóng Wi-Fi công cộng'.normalize('NFC'));

    const [row] = await db.query(
      `SELECT name_vi, period_type, bounds_max::int AS max FROM indicators WHERE code = 'WIFI_HOTSPOTS'`,
    );
    expect(row).toEqual({
      name_vi: 'Số điểm phát sóng Wi-Fi công cộng'.normalize('NFC'),
      period_type: 'SIX_MONTHLY',
      max: 10000,
    });
    const list = await get('/v1/indicators');
    expect((list.body.data as Json[]).find((i) => i.code === 'WIFI_HOTSPOTS')).toMatchObject({
      aggregation: 'SUM',
      periodType: 'SIX_MONTHLY',
    });

    const again = await call('POST', '/v1/indicators', definition('WIFI_HOTSPOTS'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'INDICATOR_EXISTS' });
  });

  it('refuses a SUM over a percentage with the rule’s sentence', async () => {
    const refused = await call(
      'POST',
      '/v1/indicators',
      definition('WIFI_SHARE', { unit: '%', timeAggregation: null }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/a SUM over '%' is refused/);
    expect((await get('/v1/indicators/WIFI_SHARE')).status).toBe(404);
  });

  it('refuses an unknown responsible agency and a malformed definition', async () => {
    const unknown = await call('POST', '/v1/indicators', definition('WIFI_OTHER', { responsibleAgency: 'SXYZ' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/responsibleAgency 'SXYZ' is not a known agency code/);

    const malformed = await call('POST', '/v1/indicators', {
      ...definition('wifi-bad'),
      nameVi: ' ',
      aggregation: 'RATIO',
      periodType: 'WEEKLY',
      targets: [{ year: 2025, value: 'many', comparator: '>=', tolerance: 1 }],
      admin: true,
    });
    expect(malformed.status).toBe(400);
    const messages = (malformed.body.message as string[]).join('\n');
    expect(messages).toMatch(/code must match/);
    expect(messages).toMatch(/nameVi must not be blank/);
    expect(messages).toMatch(/a RATIO needs ratio/);
    expect(messages).toMatch(/periodType must be one of/);
    expect(messages).toMatch(/targets\.0\.value must be a number/);
    expect(messages).toMatch(/property admin should not exist/);
  });

  it('adds a formula version and shows each date the definition in force then', async () => {
    const next = definition('WIFI_HOTSPOTS', { bounds: { min: 0, max: 20000 }, nameEn: 'Public Wi-Fi access points' });
    const added = await call('PUT', '/v1/indicators/WIFI_HOTSPOTS', { effectiveFrom: '2026-01-01', definition: next });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({
      code: 'WIFI_HOTSPOTS',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      createdBy: null,
    });

    const before = await get('/v1/indicators/WIFI_HOTSPOTS?at=2025-06-30');
    expect(before.body).toMatchObject({
      at: '2025-06-30',
      effectiveFrom: null,
      nameEn: 'Public Wi-Fi hotspots',
      bounds: { max: 10000 },
    });
    const after = await get('/v1/indicators/WIFI_HOTSPOTS?at=2026-02-01');
    expect(after.body).toMatchObject({
      at: '2026-02-01',
      effectiveFrom: '2026-01-01',
      nameEn: 'Public Wi-Fi access points',
      bounds: { max: 20000 },
    });
    // Without ?at= the latest version, which is also the indicators row.
    expect((await get('/v1/indicators/WIFI_HOTSPOTS')).body).toMatchObject({ at: null, effectiveFrom: '2026-01-01' });
    const [{ max }] = await db.query(`SELECT bounds_max::int AS max FROM indicators WHERE code = 'WIFI_HOTSPOTS'`);
    expect(max).toBe(20000);

    // The whole catalogue as of a date, and one pillar of it.
    const listed = await get('/v1/indicators?at=2025-06-30&pillar=XHS');
    expect(listed.body.at).toBe('2025-06-30');
    const data = listed.body.data as Json[];
    expect(data.find((i) => i.code === 'WIFI_HOTSPOTS')).toMatchObject({ nameEn: 'Public Wi-Fi hotspots' });
    expect(data.every((i) => i.pillar === 'XHS')).toBe(true);
    expect(data.some((i) => i.code === 'FIBRE_HH')).toBe(true);
    expect((await get('/v1/indicators?pillar=ABC')).status).toBe(400);
    expect((await get('/v1/indicators?at=2025-02-30')).status).toBe(400);

    // Intake reads the same versions: a 2025S2 figure is checked with the first, a 2026S1 one with the second.
    const catalogue = service.app.get(CatalogueService);
    expect(catalogue.indicatorOn('WIFI_HOTSPOTS', '2025-12-31')?.boundsMax).toBe(10000);
    expect(catalogue.indicatorOn('WIFI_HOTSPOTS', '2026-06-30')?.boundsMax).toBe(20000);
    expect(catalogue.indicatorOn('WIFI_HOTSPOTS', '1990-01-01')?.boundsMax).toBe(10000);

    const versions = await get('/v1/indicators/WIFI_HOTSPOTS/versions');
    expect(versions.status).toBe(200);
    expect(versions.body.data).toEqual([
      expect.objectContaining({
        effectiveFrom: null,
        effectiveTo: '2025-12-31',
        definition: expect.objectContaining({ nameEn: 'Public Wi-Fi hotspots' }),
      }),
      expect.objectContaining({
        effectiveFrom: '2026-01-01',
        effectiveTo: null,
        definition: expect.objectContaining({ nameEn: 'Public Wi-Fi access points' }),
      }),
    ]);

    // The same request again is a no-op; an earlier or equal date with another definition is refused.
    expect(
      (await call('PUT', '/v1/indicators/WIFI_HOTSPOTS', { effectiveFrom: '2026-01-01', definition: next })).status,
    ).toBe(200);
    const stale = await call('PUT', '/v1/indicators/WIFI_HOTSPOTS', {
      effectiveFrom: '2025-07-01',
      definition: definition('WIFI_HOTSPOTS'),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/must be after the latest version of WIFI_HOTSPOTS, in force from 2026-01-01/);

    const periodType = await call('PUT', '/v1/indicators/WIFI_HOTSPOTS', {
      effectiveFrom: '2027-01-01',
      definition: definition('WIFI_HOTSPOTS', { periodType: 'QUARTERLY' }),
    });
    expect(periodType.status).toBe(400);
    expect(periodType.body.message).toMatch(
      /periodType cannot change from SIX_MONTHLY to QUARTERLY: the stored values/,
    );

    const otherCode = await call('PUT', '/v1/indicators/WIFI_HOTSPOTS', {
      effectiveFrom: '2027-01-01',
      definition: definition('BTS_COUNT'),
    });
    expect(otherCode.status).toBe(400);
    expect(
      (await call('PUT', '/v1/indicators/NO_SUCH', { effectiveFrom: '2027-01-01', definition: definition('NO_SUCH') }))
        .status,
    ).toBe(404);
    expect((await get('/v1/indicators/NO_SUCH/versions')).status).toBe(404);
    expect((await get('/v1/indicators/WIFI_HOTSPOTS/versions')).body.data).toHaveLength(2);
  });

  it('deletes an indicator only while no report references it', async () => {
    const intake = service.app.get(IndicatorIntakeService);
    const outcomes = await intake.submit([
      {
        agencyCode: 'STTTT',
        channel: 'rest',
        event: {
          specversion: '1.0',
          id: 'wifi-1',
          source: '/agencies/STTTT',
          type: EventTypes.INDICATOR_VALUE_REPORTED,
          time: '2025-01-15T08:00:00.000Z',
          data: { indicatorCode: 'WIFI_HOTSPOTS', orgUnitCode: '815', period: '2024S2', value: 120 },
        },
      },
    ]);
    expect(outcomes).toEqual([{ status: 'accepted' }]);

    const refused = await call('DELETE', '/v1/indicators/WIFI_HOTSPOTS');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'INDICATOR_HAS_REPORTS', details: { reports: 1 } });
    expect(refused.body.message).toMatch(/1 report references it/);

    expect((await call('POST', '/v1/indicators', definition('WIFI_UNUSED'))).status).toBe(201);
    expect((await call('DELETE', '/v1/indicators/WIFI_UNUSED')).status).toBe(204);
    expect((await get('/v1/indicators/WIFI_UNUSED')).status).toBe(404);
    const [{ versions }] = await db.query(
      `SELECT count(*)::int AS versions FROM indicator_versions WHERE code = 'WIFI_UNUSED'`,
    );
    expect(versions).toBe(0);
    expect((await call('DELETE', '/v1/indicators/WIFI_UNUSED')).status).toBe(404);
  });

  it('keeps API changes to seeded indicators when the seeds load again at the next start', async () => {
    // DTI_TG: a seeded indicator nobody reports in these tests.
    const seeded = (await get('/v1/indicators/DTI_TG')).body;
    const viewOnly = new Set(['effectiveFrom', 'at', 'responsibleAgencyOn', 'responsibleAgencyOnReason']);
    const revised = {
      ...Object.fromEntries(Object.entries(seeded).filter(([k]) => !viewOnly.has(k))),
      notes: 'revised in 2026',
    };
    expect(
      (await call('PUT', '/v1/indicators/DTI_TG', { effectiveFrom: '2026-01-01', definition: revised })).status,
    ).toBe(200);
    expect((await call('DELETE', '/v1/indicators/DTI_RANK_TG')).status).toBe(204);

    const seeds = readSeeds(service.app.get(IndicatorsConfig).SEEDS_DIR);
    await db.transaction((m) => loadSeeds(m, seeds, service.app.get(Clock)));
    await service.app.get(CatalogueService).reload();

    expect((await get('/v1/indicators/DTI_TG')).body).toMatchObject({
      effectiveFrom: '2026-01-01',
      notes: 'revised in 2026',
    });
    expect((await get('/v1/indicators/DTI_TG?at=2025-12-31')).body).toMatchObject({
      effectiveFrom: null,
      notes: seeded.notes,
    });
    expect((await get('/v1/indicators/DTI_RANK_TG')).status).toBe(404);
    const [{ versions }] = await db.query(
      `SELECT count(*)::int AS versions FROM indicator_versions WHERE code = 'DTI_TG'`,
    );
    expect(versions).toBe(2);
  });

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
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM indicator_reports WHERE event_id LIKE 'hist-%'`);
      return n as number;
    };
    const stored = (n: number) =>
      waitFor(async () => ((await reports()) >= n ? true : undefined), 30000, `${n} history reports`);

    // One at a time, so arrival order is certain: the first, a correction, then a late report with an older time.
    await producer.send(topic, [
      { key: 'BTS_COUNT', value: body(30), headers: agencyReportHeaders('STTTT', 'hist-a', t(1)) },
    ]);
    await stored(1);
    await producer.send(topic, [
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
    const [{ current }] = await db.query(
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

  it('documents every endpoint and every property of their bodies in OpenAPI', async () => {
    const doc = (await (await fetch(`${service.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties?: Record<string, { description?: string }> }> };
    };
    expect(Object.keys(doc.paths['/v1/indicators'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/v1/indicators/{code}'])).toEqual(expect.arrayContaining(['get', 'put', 'delete']));
    expect(doc.paths['/v1/indicators/{code}/versions']).toBeDefined();
    expect(doc.paths['/v1/indicator-values/history']).toBeDefined();
    for (const schema of [
      'IndicatorDefinitionDto',
      'AddIndicatorVersionDto',
      'IndicatorDetailViewDto',
      'AgencyViewDto',
      'HistoryViewDto',
      'HistoryEntryViewDto',
    ]) {
      const properties = Object.entries(doc.components.schemas[schema]?.properties ?? {});
      expect(properties.length).toBeGreaterThan(0);
      expect(properties.filter(([, p]) => !p.description).map(([name]) => `${schema}.${name}`)).toEqual([]);
    }
  });
});
