import { Clock } from '@dxhub/calendar';
import { EventTypes, ServiceTopics } from '@dxhub/contracts';
import { bearer, type ConsumedRecord, readTopic } from '@dxhub/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { publishReferenceChanges } from '../src/catalogue/reference-events';
import { type RunningIndicators, startIndicators } from './indicators-app';

const ADMIN = bearer({ agency: 'VPUBND', roles: ['admin'] });

/*
 * The catalogue and the hierarchy as events on dx.indicators.events, for readers outside the service:
 * every version once at start, then only what changes.
 */
describe('reference data as events (PostgreSQL + Kafka)', () => {
  let service: RunningIndicators;
  let db: DataSource;

  const topic = () => `${service.topicPrefix}${ServiceTopics.INDICATORS_EVENTS}`;
  const ofType = (records: ConsumedRecord[], type: string) =>
    records
      .filter((r) => r.headers.ce_type === type)
      .map((r) => JSON.parse(r.value!.toString('utf8')) as Record<string, unknown>);

  beforeAll(async () => {
    service = await startIndicators('reference');
    db = service.app.get(DataSource);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('publishes every indicator version and every org-unit version with its parents, once', async () => {
    const [{ versions }] = await db.query(`SELECT count(*)::int AS versions FROM indicator_versions`);
    const [{ units }] = await db.query(`SELECT count(*)::int AS units FROM org_units`);
    const records = await readTopic(topic(), versions + units, 60000);
    const indicators = ofType(records, EventTypes.INDICATOR_DEFINED);
    const orgUnits = ofType(records, EventTypes.ORG_UNIT_DEFINED);
    expect(indicators).toHaveLength(versions);
    expect(orgUnits).toHaveLength(units);

    const fibre = indicators.find((e) => e.code === 'FIBRE_HH');
    expect(fibre).toMatchObject({ effectiveFrom: null, active: true, revision: 1 });
    expect(fibre?.definition).toMatchObject({
      nameVi: 'Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang',
      targets: expect.arrayContaining([expect.objectContaining({ year: 2025, value: 80 })]),
    });
    // Mỹ Tho (815) was a district-level unit of Tiền Giang until the 2025 reform.
    expect(orgUnits.find((e) => e.code === '815')).toMatchObject({
      nameVi: expect.stringContaining('Mỹ Tho'),
      level: 2,
      validTo: '2025-06-30',
      parents: [expect.objectContaining({ parentCode: '82' })],
    });
    expect(orgUnits.filter((e) => e.level === 1).map((e) => e.code)).toContain('82');

    // Nothing changed: nothing more to publish.
    expect(await db.transaction((m) => publishReferenceChanges(m, service.app.get(Clock)))).toBe(0);
  });

  it('publishes a new formula version, and a deleted indicator as inactive', async () => {
    const seeded = (
      JSON.parse(readFileSync(join(__dirname, '../../../seeds/indicators.json'), 'utf8')) as { code: string }[]
    ).find((d) => d.code === 'BCD_MEETINGS');
    const next = { ...seeded, notes: 'a second version from 2026' };
    const put = await fetch(`${service.url}/v1/indicators/BCD_MEETINGS`, {
      method: 'PUT',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ effectiveFrom: '2026-01-01', definition: next }),
    });
    expect(put.status).toBe(200);
    expect((await fetch(`${service.url}/v1/indicators/TC_POLICIES`, { method: 'DELETE', headers: ADMIN })).status).toBe(
      204,
    );

    const [{ versions }] = await db.query(`SELECT count(*)::int AS versions FROM published_reference`);
    const records = await readTopic(topic(), versions + 1, 60000);
    const indicators = ofType(records, EventTypes.INDICATOR_DEFINED);
    expect(
      indicators.filter((e) => e.code === 'BCD_MEETINGS').map((e) => [e.effectiveFrom, e.revision, e.active]),
    ).toEqual([
      [null, 1, true],
      ['2026-01-01', 2, true],
    ]);
    expect(indicators.filter((e) => e.code === 'TC_POLICIES').map((e) => [e.revision, e.active])).toEqual([
      [1, true],
      [2, false],
    ]);
  });
});
