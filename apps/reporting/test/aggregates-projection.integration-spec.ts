import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp } from '@dxhub/http';
import {
  AgencyProducer,
  bearer,
  createTestDatabase,
  deleteTopicsWithPrefix,
  readTopic,
  serviceTestEnv,
  type TestDatabase,
  uniqueTopicPrefix,
  waitFor,
} from '@dxhub/testing';
import type { AddressInfo } from 'node:net';
import { ReportingAppModule } from '../src/app.module';

const AUTH = bearer({ agency: 'SYT', roles: ['viewer'] });

/*
 * The reporting read model against the real broker and database: aggregate events arriving twice and
 * out of order leave the highest version in place.
 */
describe('aggregates read model (Kafka + PostgreSQL)', () => {
  let app: INestApplication;
  let url: string;
  let database: TestDatabase;
  let producer: AgencyProducer;
  const prefix = uniqueTopicPrefix('reporting');

  const updated = (version: number, value: number, numerator: number, denominator: number) => ({
    key: 'FIBRE_HH',
    value: JSON.stringify({
      indicatorCode: 'FIBRE_HH',
      orgUnitCode: '82',
      orgUnitName: 'Tỉnh Tiền Giang',
      period: '2024S2',
      aggregation: 'RATIO',
      value,
      numerator,
      denominator,
      valueCount: version,
      version,
      updatedAt: new Date(Date.UTC(2025, 0, 1, 0, version)).toISOString(),
    }),
    headers: {
      ce_specversion: '1.0',
      ce_id: `aggregate:FIBRE_HH:1:2024S2:v${version}`,
      ce_source: '/services/indicators',
      ce_type: 'dx.indicator-aggregate.updated',
      'content-type': 'application/json',
    },
  });

  beforeAll(async () => {
    database = await createTestDatabase('reporting');
    Object.assign(process.env, serviceTestEnv(database, prefix));
    app = await NestFactory.create(ReportingAppModule, { logger: ['error'], abortOnError: false });
    configureHttpApp(app, { name: 'reporting', title: 'reporting', description: 'test', defaultPort: 0, config: [] });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    producer = await AgencyProducer.connect('test-indicators-service');
  });

  afterAll(async () => {
    await producer?.close();
    await app?.close();
    await database?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  it('keeps the highest version whatever the order and however often events arrive', async () => {
    const topic = `${prefix}dx.indicators.events`;
    await producer.send(topic, [
      updated(2, 60, 30, 50),
      updated(3, 62.5, 50, 80),
      updated(1, 50, 10, 20),
      updated(3, 62.5, 50, 80),
      updated(2, 60, 30, 50),
    ]);
    const query = `${url}/v1/aggregates?indicator=FIBRE_HH&orgUnit=82&period=2024S2`;
    const body = await waitFor(
      async () => {
        const res = await fetch(query, { headers: AUTH });
        const json = res.ok ? ((await res.json()) as { version: number }) : undefined;
        return json?.version === 3 ? json : undefined;
      },
      30000,
      'version 3 of the aggregate',
    );
    expect(body).toEqual({
      indicatorCode: 'FIBRE_HH',
      orgUnitCode: '82',
      orgUnitName: 'Tỉnh Tiền Giang',
      period: '2024S2',
      aggregation: 'RATIO',
      value: 62.5,
      numerator: 50,
      denominator: 80,
      valueCount: 3,
      version: 3,
      updatedAt: '2025-01-01T00:03:00.000Z',
    });
    // A later, older event still changes nothing.
    await producer.send(topic, [updated(1, 50, 10, 20)]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(((await (await fetch(query, { headers: AUTH })).json()) as { version: number }).version).toBe(3);
  });

  it('skips the other types on the topic and dead-letters only a broken event of its own type', async () => {
    const topic = `${prefix}dx.indicators.events`;
    const orgUnitDefined = {
      key: '82',
      value: JSON.stringify({
        code: '82',
        nameVi: 'Tỉnh Tiền Giang',
        type: 'Tỉnh',
        level: 1,
        validFrom: null,
        validTo: '2025-06-30',
        parents: [],
        publishedAt: '2026-11-27T00:00:00.000Z',
      }),
      headers: { ...updated(1, 0, 0, 1).headers, ce_id: 'org-unit:82:-infinity:r1', ce_type: 'dx.org-unit.defined' },
    };
    const broken = { ...updated(9, 1, 1, 1), value: JSON.stringify({ indicatorCode: 'FIBRE_HH' }) };
    await producer.send(topic, [orgUnitDefined, broken, updated(4, 65, 52, 80)]);
    const query = `${url}/v1/aggregates?indicator=FIBRE_HH&orgUnit=82&period=2024S2`;
    await waitFor(
      async () =>
        ((await (await fetch(query, { headers: AUTH })).json()) as { version: number }).version === 4 || undefined,
      30000,
      'version 4 of the aggregate',
    );
    const letters = await readTopic(`${topic}.dlq`, 2, 5000);
    expect(letters.map((l) => l.headers.dx_dlq_reason)).toEqual([
      expect.stringMatching(/invalid dx.indicator-aggregate.updated payload/),
    ]);
  });

  it('answers 404 with the reason for an aggregate nobody reported, and 400 naming a bad parameter', async () => {
    const missing = await fetch(`${url}/v1/aggregates?indicator=BTS_COUNT&orgUnit=815&period=2023`, { headers: AUTH });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      error: 'AGGREGATE_NOT_FOUND',
      message: expect.stringContaining('BTS_COUNT'),
    });
    const bad = await fetch(`${url}/v1/aggregates?indicator=BTS_COUNT&orgUnit=815&period=2024-07`, { headers: AUTH });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('period must be a period in DHIS2 notation');
  });
});
