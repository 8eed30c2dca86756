import { bearer, mintToken } from '@dxhub/testing';
import {
  districtIndicator,
  expectNoLeak,
  type Json,
  office,
  reporter,
  useServiceUnderAttack,
  value,
} from './http-attacks-harness';

/*
 * Attacks on who may call the indicators service's HTTP edge, each of which must be refused — and how: the status,
 * the WWW-Authenticate header, the access rule named in a 403, no stack or SQL in any error body.
 */
describe('security: attacks on the HTTP edge are refused (indicators)', () => {
  const { service, call } = useServiceUnderAttack();

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
      expect(await service.db.query(`SELECT 1 FROM indicator_reports WHERE event_source = '/agencies/SYT'`)).toEqual(
        [],
      );
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
});

function unsigned(claims: Json): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
}

function swapPayload(token: string, over: Json): string {
  const [h, p, s] = token.split('.');
  const claims = { ...(JSON.parse(Buffer.from(p, 'base64url').toString()) as Json), ...over };
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
}
