import { bearer, type MintOptions } from '@dxhub/testing';
import { Clock } from '@dxhub/calendar';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { configureHttpApp } from '@dxhub/http';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { createTestDatabase, serviceTestEnv, type TestDatabase } from '@dxhub/testing';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { OrgUnitsController } from '../../src/catalogue/org-units.controller';
import { OrgUnitsRepository } from '../../src/catalogue/org-units.repository';
import { INDICATORS_DATABASE } from '../../src/database/indicators-database';
import {
  districtIndicator,
  expectNoLeak,
  office,
  RATE_LIMIT,
  reporter,
  useServiceUnderAttack,
  value,
} from './http-attacks-harness';

/*
 * Attacks through what is sent to the indicators service's HTTP edge — SQL injection, oversized and malformed
 * bodies, unknown properties, a flood of writes — and a database failure: each refused or answered without
 * internals.
 */
const SQL_INJECTION = "815'; DROP TABLE indicator_values; --";

describe('security: attacks on the HTTP edge are refused (indicators)', () => {
  const { service, call } = useServiceUnderAttack();

  describe('input hardening on every write endpoint', () => {
    it('treats SQL injection as data: refused by validation or stored literally, never executed, never echoed as SQL', async () => {
      const admin: MintOptions = { agency: 'STTTT', roles: ['admin', 'reporter'] };
      const before = await service.db.query(`SELECT count(*)::int AS n FROM indicator_values`);
      const attempts: [string, string, unknown][] = [
        [
          'POST',
          '/v1/indicator-values',
          {
            values: [
              value({ orgUnitCode: SQL_INJECTION }),
              value({ indicatorCode: "BTS_COUNT' OR '1'='1" }),
              value({ period: "2024S2'; --" }),
            ],
          },
        ],
        ['POST', '/v1/indicators', districtIndicator("X'; DROP TABLE indicators; --", 'STTTT')],
        [
          'PUT',
          `/v1/indicators/${encodeURIComponent("BTS_COUNT'; DELETE FROM indicators; --")}`,
          { effectiveFrom: '2030-01-01', definition: districtIndicator('BTS_COUNT', 'STTTT') },
        ],
        ['DELETE', `/v1/indicators/${encodeURIComponent("' OR 1=1; --")}`, undefined],
        [
          'POST',
          '/v1/agencies',
          {
            code: "SX'); DROP TABLE agencies; --",
            nameVi: "'; DROP TABLE agencies; --",
            nameEn: 'x',
            kind: 'department',
          },
        ],
        [
          'GET',
          `/v1/indicator-values/history?indicator=${encodeURIComponent("' OR 1=1 --")}&orgUnit=815&period=2024S2`,
          undefined,
        ],
        ['GET', `/v1/org-units?at=${encodeURIComponent("2024-01-01'::date; DROP TABLE org_units; --")}`, undefined],
      ];
      for (const [method, path, body] of attempts) {
        const a = await call(method, path, { who: admin, body });
        expect({ method, path, status: a.status }).toEqual({ method, path, status: expect.any(Number) });
        expect([400, 404, 422]).toContain(a.status);
        expectNoLeak(a);
      }
      // Every table is still there, and nothing was stored.
      const tables = (await service.db.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'indicators'`,
      )) as { table_name: string }[];
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['indicator_values', 'indicators', 'agencies', 'org_units', 'audit_log']),
      );
      expect(await service.db.query(`SELECT count(*)::int AS n FROM indicator_values`)).toEqual(before);
      expect(await service.db.query(`SELECT count(*)::int AS n FROM indicators WHERE code LIKE '%DROP%'`)).toEqual([
        { n: 0 },
      ]);
    });

    it('refuses oversized payloads on every write endpoint with 413 and no internals', async () => {
      const huge = JSON.stringify({ values: [value({ pad: 'x'.repeat(11 * 1024 * 1024) })] });
      const admin: MintOptions = { agency: 'STTTT', roles: ['admin', 'programme-office', 'reporter'] };
      for (const [method, path] of [
        ['POST', '/v1/indicator-values'],
        ['POST', '/v1/indicators'],
        ['PUT', '/v1/indicators/BTS_COUNT'],
        ['POST', '/v1/agencies'],
      ]) {
        const a = await call(method, path, { who: admin, raw: huge });
        expect({ path, status: a.status }).toEqual({ path, status: 413 });
        expectNoLeak(a);
      }
      const form = new FormData();
      form.append(
        'file',
        new Blob([Buffer.alloc(6 * 1024 * 1024)], {
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        }),
        'big.xlsx',
      );
      const upload = await fetch(`${service.url}/v1/indicator-values/upload`, {
        method: 'POST',
        body: form,
        headers: bearer(admin),
      });
      expect(upload.status).toBe(413);
      // JSON that does not parse is the client's fault too.
      const broken = await call('POST', '/v1/indicator-values', { who: admin, raw: '{"values": [' });
      expect(broken).toMatchObject({ status: 400, body: { statusCode: 400 } });
      expectNoLeak(broken);
      // More than 5,000 values in one request: refused before any work.
      const many = await call('POST', '/v1/indicator-values', {
        who: admin,
        body: { values: Array.from({ length: 5001 }, () => value()) },
      });
      expect(many.status).toBe(400);
    });

    it('rejects unknown properties by name', async () => {
      const a = await call('POST', '/v1/agencies', {
        who: office,
        body: { code: 'SX', nameVi: 'x', nameEn: 'x', kind: 'department', isAdmin: true },
      });
      expect(a.status).toBe(400);
      expect(a.body.message).toEqual(expect.arrayContaining(['property isAdmin should not exist']));
      const b = await call('POST', '/v1/indicator-values', {
        who: reporter(),
        body: { values: [value()], roles: ['admin'] },
      });
      expect(b.body.message).toEqual(expect.arrayContaining(['property roles should not exist']));
    });
  });

  describe('rate limits per agency on writes', () => {
    it(`answers the ${RATE_LIMIT + 1}th write of an agency within a minute with 429 and Retry-After; other agencies and reads go on`, async () => {
      const who = reporter('SCT');
      const statuses: number[] = [];
      for (let i = 0; i <= RATE_LIMIT; i++) {
        statuses.push(
          (await call('POST', '/v1/indicator-values', { who, body: { values: [value({ indicatorCode: 'NO_SUCH' })] } }))
            .status,
        );
      }
      expect(statuses.slice(0, RATE_LIMIT).every((s) => s !== 429)).toBe(true);
      const limited = await call('POST', '/v1/indicator-values', { who, body: { values: [value()] } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({ statusCode: 429, error: 'TOO_MANY_REQUESTS' });
      expect((await call('GET', '/v1/indicators', { who })).status).toBe(200);
      expect(
        (
          await call('POST', '/v1/indicator-values', {
            who: reporter('SNV'),
            body: { values: [value({ indicatorCode: 'NO_SUCH' })] },
          })
        ).status,
      ).not.toBe(429);
    });
  });
});

/**
 * The org-units route of the indicators service with its guard, pipes and error filter, and nothing else: no
 * consumer, relay or scheduler reads its database, so a fault put there is met by the request under test alone.
 */
@Module({
  imports: [
    ConfigModule.forRoot([HttpConfig, DatabaseConfig]),
    ObservabilityModule.forService('indicators'),
    DatabaseModule.forService(INDICATORS_DATABASE),
  ],
  controllers: [OrgUnitsController],
  providers: [OrgUnitsRepository, Clock],
})
class OrgUnitsRouteOnly {}

describe('security: a database failure is answered without internals (indicators)', () => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof NestFactory.create>>;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase('security-db-failure');
    Object.assign(process.env, serviceTestEnv(database, 'unused.'));
    app = await NestFactory.create(OrgUnitsRouteOnly, { logger: false, abortOnError: false });
    configureHttpApp(app, { name: 'indicators', title: 'indicators', description: 'test', defaultPort: 0, config: [] });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('answers a database failure with a 500 that has an errorId and no SQL', async () => {
    const get = () =>
      fetch(`${url}/v1/org-units?at=2024-12-31`, { headers: bearer({ agency: 'STTTT', roles: ['viewer'] }) });
    expect((await get()).status).toBe(200);
    // The fault, from outside the service: the table the route reads is gone (relation "org_units" does not exist).
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query('ALTER TABLE indicators.org_units RENAME TO org_units_gone');
      const res = await get();
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(JSON.parse(text)).toEqual({
        statusCode: 500,
        error: 'INTERNAL_SERVER_ERROR',
        message: 'Internal server error',
        errorId: expect.any(String),
      });
      expectNoLeak({ status: res.status, headers: res.headers, body: {}, text });
      await admin.query('ALTER TABLE indicators.org_units_gone RENAME TO org_units');
      expect((await get()).status).toBe(200);
    } finally {
      await admin.end();
    }
  });
});
