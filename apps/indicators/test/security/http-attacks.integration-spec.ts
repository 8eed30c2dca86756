import { bearer, mintToken, type MintOptions } from '@dxhub/testing';
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
import { DataSource } from 'typeorm';
import { OrgUnitsController } from '../../src/catalogue/org-units.controller';
import { OrgUnitsRepository } from '../../src/catalogue/org-units.repository';
import { INDICATORS_DATABASE } from '../../src/database/indicators-database';
import { type RunningIndicators, startIndicators } from '../indicators-app';

/*
 * Attacks on the indicators service's HTTP edge, each of which must be refused — and how: the status, the
 * WWW-Authenticate header, the access rule named in a 403, no stack or SQL in any error body. The service
 * runs in this process (the guard, pipe and filter configureHttpApp installs) on its own database and
 * topics, with a write rate limit of RATE_LIMIT per agency per minute.
 */
const RATE_LIMIT = 25;
const SQL_INJECTION = "815'; DROP TABLE indicator_values; --";

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

/** Nothing an attacker can learn the internals from. */
function expectNoLeak(a: Answer): void {
  expect(a.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|QueryFailedError|stack/i);
  expect(a.text).not.toMatch(/\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|DROP TABLE)\b.*\b(FROM|WHERE|VALUES)\b/);
  expect(a.text).not.toMatch(/relation "|syntax error at or near|duplicate key value/);
}

describe('security: attacks on the HTTP edge are refused (indicators)', () => {
  let service: RunningIndicators;
  let db: DataSource;

  const call = async (
    method: string,
    path: string,
    opts: { token?: string | null; who?: MintOptions; body?: unknown; raw?: string; headers?: Json } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (opts.token !== null)
      headers.authorization ??= `Bearer ${opts.token ?? mintToken(opts.who ?? { agency: 'STTTT', roles: ['viewer'] })}`;
    if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers,
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const text = await res.text();
    let body: Json = {};
    try {
      body = text ? (JSON.parse(text) as Json) : {};
    } catch {
      body = {};
    }
    return { status: res.status, headers: res.headers, body, text };
  };

  const reporter = (agency = 'STTTT'): MintOptions => ({ agency, roles: ['reporter'] });
  const office: MintOptions = { agency: 'STTTT', roles: ['programme-office'] };
  const value = (over: Json = {}) => ({
    indicatorCode: 'BTS_COUNT',
    orgUnitCode: '815',
    period: '2024S2',
    value: 5,
    ...over,
  });

  beforeAll(async () => {
    service = await startIndicators('security', { RATE_LIMIT_WRITES_PER_MINUTE: String(RATE_LIMIT) });
    db = service.app.get(DataSource);
  });

  afterAll(async () => {
    await service?.close();
  });

  describe('authentication: 401 with WWW-Authenticate naming what failed', () => {
    const ENDPOINTS: [string, string, unknown?][] = [
      ['GET', '/v1/indicators'],
      ['GET', '/v1/org-units'],
      ['GET', '/v1/agencies'],
      ['GET', '/v1/indicator-values/history?indicator=BTS_COUNT&orgUnit=815&period=2024S2'],
      ['GET', '/v1/indicator-values/template.xlsx'],
      ['GET', '/v1/audit'],
      ['GET', '/v1/rejections?agency=STTTT'],
      ['POST', '/v1/indicator-values', { values: [value()] }],
      ['POST', '/v1/indicators', { code: 'X' }],
      ['PUT', '/v1/indicators/BTS_COUNT', { effectiveFrom: '2030-01-01' }],
      ['DELETE', '/v1/indicators/BTS_COUNT'],
      ['POST', '/v1/agencies', { code: 'SX' }],
    ];
    const now = () => Math.floor(Date.now() / 1000);
    const ATTACKS: [string, () => string | null, RegExp][] = [
      ['no token', () => null, /^Bearer realm="dxhub"$/],
      [
        'an expired token',
        () => mintToken({ ...reporter(), ttl: -120 }),
        /error="invalid_token", error_description="the token expired at /,
      ],
      [
        'a token from another issuer',
        () => mintToken({ ...reporter(), issuer: 'https://evil.example' }),
        /error="invalid_token".*issuer/,
      ],
      [
        'a token for another audience',
        () => mintToken({ ...reporter(), audience: 'another-app' }),
        /error="invalid_token".*audience/,
      ],
      [
        'a token signed with another key',
        () => mintToken({ ...reporter(), foreignKey: true }),
        /error="invalid_token".*signature/,
      ],
      [
        'an unsigned token (alg none)',
        () =>
          unsigned({
            iss: 'https://dev-auth.dxhub.invalid',
            aud: 'dxhub',
            sub: 'x',
            agency: 'STTTT',
            roles: ['admin'],
            exp: now() + 600,
          }),
        /error="invalid_token".*alg 'none'/,
      ],
      [
        'a token with its payload swapped',
        () => swapPayload(mintToken(reporter()), { agency: 'SYT', roles: ['admin'] }),
        /error="invalid_token".*signature/,
      ],
      ['garbage', () => 'not.a.jwt', /error="invalid_token"/],
    ];

    it.each(ATTACKS)('refuses %s on every endpoint', async (_what, token, wwwAuthenticate) => {
      for (const [method, path, body] of ENDPOINTS) {
        const a = await call(method, path, { token: token(), body });
        expect({ method, path, status: a.status }).toEqual({ method, path, status: 401 });
        expect(a.headers.get('www-authenticate')).toMatch(wwwAuthenticate);
        expect(a.body).toMatchObject({ statusCode: 401, error: 'UNAUTHORIZED' });
        expectNoLeak(a);
      }
    });

    it('refuses a token whose claims lack an agency or any known role, and an Authorization that is not Bearer', async () => {
      expect(
        (await call('GET', '/v1/indicators', { token: mintToken({ agency: 'STTTT', roles: ['root'] }) })).status,
      ).toBe(401);
      expect(
        (
          await call('GET', '/v1/indicators', {
            token: mintToken({ agency: 'STTTT', roles: ['viewer'], claims: { agency: undefined } }),
          })
        ).status,
      ).toBe(401);
      const basic = await call('GET', '/v1/indicators', {
        token: null,
        headers: { authorization: 'Basic YWRtaW46YWRtaW4=' },
      });
      expect(basic.status).toBe(401);
    });

    it('leaves health, metrics and the API docs open, and catalogue reads closed while AUTH_ANONYMOUS_READ is off', async () => {
      for (const path of ['/health/live', '/health/ready', '/metrics', '/docs', '/openapi.json']) {
        expect({ path, status: (await call('GET', path, { token: null })).status }).toEqual({ path, status: 200 });
      }
      expect((await call('GET', '/v1/indicators', { token: null })).status).toBe(401);
    });
  });

  describe('authorisation: 403 naming the rule', () => {
    it('refuses catalogue changes and the audit log to a reporter (role-required)', async () => {
      const attempts: [string, string, unknown?][] = [
        ['POST', '/v1/indicators', { code: 'X' }],
        ['PUT', '/v1/indicators/BTS_COUNT', { effectiveFrom: '2030-01-01' }],
        ['DELETE', '/v1/indicators/BTS_COUNT'],
        ['POST', '/v1/agencies', { code: 'SX' }],
        ['GET', '/v1/audit'],
      ];
      for (const [method, path, body] of attempts) {
        const a = await call(method, path, { who: reporter(), body });
        expect({ method, path, status: a.status, rule: a.body.rule }).toEqual({
          method,
          path,
          status: 403,
          rule: 'role-required',
        });
        expect(a.body).toMatchObject({
          statusCode: 403,
          error: 'FORBIDDEN',
          message: expect.stringContaining('programme-office'),
        });
      }
      expect((await call('GET', '/v1/indicators/BTS_COUNT', { who: reporter() })).status).toBe(200);
    });

    it('refuses reporting to a viewer and to a programme office without the reporter role', async () => {
      for (const who of [{ agency: 'STTTT', roles: ['viewer'] }, office]) {
        const a = await call('POST', '/v1/indicator-values', { who, body: { values: [value()] } });
        expect(a).toMatchObject({ status: 403, body: { rule: 'role-required' } });
      }
    });

    it('refuses a body naming another agency than the token (agency-matches-token)', async () => {
      const a = await call('POST', '/v1/indicator-values', {
        who: reporter(),
        body: { agencyCode: 'SYT', values: [value()] },
      });
      expect(a).toMatchObject({ status: 403, body: { rule: 'agency-matches-token' } });
    });

    it('refuses an agency reporting an indicator it is not responsible for (agency-reports-own-indicators), and applies nothing', async () => {
      const a = await call('POST', '/v1/indicator-values', {
        who: reporter('SYT'),
        body: {
          values: [
            value({
              indicatorCode: 'EHR_POP',
              period: '2024',
              value: undefined,
              numerator: 1,
              denominator: 2,
              orgUnitCode: '82',
            }),
            value(),
          ],
        },
      });
      expect(a).toMatchObject({
        status: 403,
        body: {
          rule: 'agency-reports-own-indicators',
          details: { denied: [{ index: 1, rule: 'agency-reports-own-indicators' }] },
        },
      });
      expect(await db.query(`SELECT 1 FROM indicator_reports WHERE event_source = '/agencies/SYT'`)).toEqual([]);
    });

    it("refuses an agency reporting for another agency's org unit (agency-reports-own-org-units)", async () => {
      // An indicator the Mỹ Tho People's Committee (UBND815, assigned org unit 815) is responsible for.
      const created = await call('POST', '/v1/indicators', {
        who: office,
        body: districtIndicator('MYTHO_WIFI', 'UBND815'),
      });
      expect(created.status).toBe(201);
      const mine = value({ indicatorCode: 'MYTHO_WIFI', orgUnitCode: '28249' }); // a ward of Mỹ Tho
      const theirs = value({ indicatorCode: 'MYTHO_WIFI', orgUnitCode: '816' }); // Gò Công, another district
      const denied = await call('POST', '/v1/indicator-values', {
        who: reporter('UBND815'),
        body: { values: [mine, theirs] },
      });
      expect(denied).toMatchObject({
        status: 403,
        body: { rule: 'agency-reports-own-org-units', message: expect.stringContaining('not for 816') },
      });
      const province = await call('POST', '/v1/indicator-values', {
        who: reporter('UBND815'),
        body: { values: [value({ indicatorCode: 'MYTHO_WIFI', orgUnitCode: '82' })] },
      });
      expect(province).toMatchObject({ status: 403, body: { rule: 'agency-reports-own-org-units' } });
      const allowed = await call('POST', '/v1/indicator-values', {
        who: reporter('UBND815'),
        body: { values: [mine] },
      });
      expect(allowed).toMatchObject({ status: 200, body: { accepted: 1 } });
    });

    it('refuses the spreadsheet upload of a viewer and of an agency naming another', async () => {
      const form = () => {
        const f = new FormData();
        f.append(
          'file',
          new Blob([Buffer.from('PK not really')], {
            type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          }),
          'v.xlsx',
        );
        return f;
      };
      const viewer = await fetch(`${service.url}/v1/indicator-values/upload`, {
        method: 'POST',
        body: form(),
        headers: bearer({ agency: 'STTTT', roles: ['viewer'] }),
      });
      expect(viewer.status).toBe(403);
      const other = form();
      other.append('agencyCode', 'SYT');
      const named = await fetch(`${service.url}/v1/indicator-values/upload`, {
        method: 'POST',
        body: other,
        headers: bearer(reporter()),
      });
      expect(named.status).toBe(403);
      expect(await named.json()).toMatchObject({ rule: 'agency-matches-token' });
    });
  });

  describe('input hardening on every write endpoint', () => {
    it('treats SQL injection as data: refused by validation or stored literally, never executed, never echoed as SQL', async () => {
      const admin: MintOptions = { agency: 'STTTT', roles: ['admin', 'reporter'] };
      const before = await db.query(`SELECT count(*)::int AS n FROM indicator_values`);
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
      const tables = (await db.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'indicators'`,
      )) as { table_name: string }[];
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['indicator_values', 'indicators', 'agencies', 'org_units', 'audit_log']),
      );
      expect(await db.query(`SELECT count(*)::int AS n FROM indicator_values`)).toEqual(before);
      expect(await db.query(`SELECT count(*)::int AS n FROM indicators WHERE code LIKE '%DROP%'`)).toEqual([{ n: 0 }]);
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

/** A SUM indicator of the given agency, reported six-monthly. */
function districtIndicator(code: string, responsibleAgency: string): Json {
  return {
    code,
    nameVi: 'Điểm Wi-Fi công cộng',
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
    targets: [],
    nationalAverage: [],
    responsibleAgency,
    bounds: { min: 0, max: 10000 },
    source: 'security test',
    notes: '',
  };
}

function unsigned(claims: Json): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
}

function swapPayload(token: string, over: Json): string {
  const [h, p, s] = token.split('.');
  const claims = { ...(JSON.parse(Buffer.from(p, 'base64url').toString()) as Json), ...over };
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
}

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
