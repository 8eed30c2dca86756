import { Clock } from '@dxhub/calendar';
import { EventTypes } from '@dxhub/contracts';
import { CatalogueService } from '../src/catalogue/catalogue.service';
import { IndicatorsConfig } from '../src/config/indicators.config';
import { IndicatorIntakeService } from '../src/intake/indicator-intake.service';
import { loadSeeds, readSeeds } from '../src/catalogue/seeds/seed-loader';
import { definition, type Json, useCatalogueService } from './catalogue-harness';

/*
 * The indicator catalogue over REST against the real database: indicators with formula versions, their deletion,
 * seeds loaded again, and the OpenAPI document. Agencies over time and the history of a cell are in
 * catalogue-history.integration-spec.ts.
 */
describe('catalogue, agencies over time and history (PostgreSQL + Kafka)', () => {
  const { service, call, get } = useCatalogueService('catalogue');

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

    const [row] = await service.db.query(
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
    const [{ max }] = await service.db.query(
      `SELECT bounds_max::int AS max FROM indicators WHERE code = 'WIFI_HOTSPOTS'`,
    );
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
    const [{ versions }] = await service.db.query(
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
    await service.db.transaction((m) => loadSeeds(m, seeds, service.app.get(Clock)));
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
    const [{ versions }] = await service.db.query(
      `SELECT count(*)::int AS versions FROM indicator_versions WHERE code = 'DTI_TG'`,
    );
    expect(versions).toBe(2);
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
