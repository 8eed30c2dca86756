import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testAuthEnv, TEST_AUTH } from '@dxhub/testing';

/*
 * A service built as it ships (dist/, started with node) and given NODE_ENV=production refuses what would let
 * anyone in: the development issuer or key of infra/dev-auth (whose private key is in the repository), a key set
 * fetched over plain http, SASL credentials sent to the broker without TLS. It exits 78 (EX_CONFIG) before it
 * listens, naming each problem; a lab may waive a check by name, and the waiver is logged.
 */
const ROOT = join(__dirname, '../..');
// Port 1 refuses connections: a service that passes its configuration stops at the database, quickly and with 1.
const UNREACHABLE_DATABASE = 'postgres://postgres@127.0.0.1:1/dxhub';

interface Boot {
  status: number | null;
  stderr: string;
  fatal: { level?: string; msg?: string; problems?: { variable: string; problem: string }[] };
}

function boot(service: string, env: Record<string, string>): Boot {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist/apps', service, 'src/main.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '3139', DATABASE_URL: UNREACHABLE_DATABASE, ...env },
    encoding: 'utf8',
    timeout: 60000,
  });
  const last = result.stderr.trim().split('\n').pop() ?? '{}';
  let fatal: Boot['fatal'] = {};
  try {
    fatal = JSON.parse(last) as Boot['fatal'];
  } catch {
    fatal = {};
  }
  return { status: result.status, stderr: result.stderr, fatal };
}

const problemOf = (b: Boot, variable: string) => b.fatal.problems?.find((p) => p.variable === variable)?.problem;

describe('security: production refuses development identities and unprotected transports', () => {
  beforeAll(() => {
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status).toBe(0);
  });

  it('exits 78 naming the development issuer when NODE_ENV=production trusts infra/dev-auth', () => {
    const b = boot('tasks', { ...testAuthEnv(), NODE_ENV: 'production' });
    expect(b.status).toBe(78);
    expect(b.fatal.level).toBe('fatal');
    expect(problemOf(b, 'AUTH_ISSUER')).toMatch(/refuses the development issuer https:\/\/dev-auth\.dxhub\.invalid/);
  });

  it('exits 78 for the development key under any issuer name, given as a file or as text', () => {
    const renamed = {
      ...testAuthEnv(),
      AUTH_ISSUER: 'https://id.tiengiang.gov.vn/realms/dxhub',
      NODE_ENV: 'production',
    };
    const asFile = boot('indicators', renamed);
    expect(asFile.status).toBe(78);
    expect(problemOf(asFile, 'AUTH_ISSUER')).toMatch(/refuses the development key of infra\/dev-auth/);
    const asText = boot('notifications', {
      ...renamed,
      AUTH_PUBLIC_KEY_FILE: '',
      AUTH_PUBLIC_KEY: readFileSync(TEST_AUTH.publicKeyFile, 'utf8'),
    });
    expect(asText.status).toBe(78);
    expect(problemOf(asText, 'AUTH_ISSUER')).toMatch(/development key/);
  });

  it('exits 78 for a plain-http JWKS and for SASL without TLS, every problem named at once', () => {
    const b = boot('reporting', {
      NODE_ENV: 'production',
      AUTH_ISSUER: 'https://id.tiengiang.gov.vn/realms/dxhub',
      AUTH_AUDIENCE: 'dxhub',
      AUTH_PUBLIC_KEY_FILE: '',
      AUTH_JWKS_URL: 'http://id.tiengiang.gov.vn/realms/dxhub/protocol/openid-connect/certs',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'svc-reporting',
      KAFKA_SASL_PASSWORD: 'a-password-of-sixteen+',
      KAFKA_SSL: 'false',
    });
    expect(b.status).toBe(78);
    expect(problemOf(b, 'AUTH_JWKS_URL')).toMatch(/refuses a plain-http AUTH_JWKS_URL/);
    expect(problemOf(b, 'KAFKA_SSL')).toMatch(/refuses KAFKA_SASL_MECHANISM=scram-sha-512 with KAFKA_SSL=false/);
    expect(b.stderr).not.toContain('a-password-of-sixteen+');
  });

  it('lets a lab waive a check by name, logging the waiver, and refuses an unknown name', () => {
    const waived = boot('tasks', {
      ...testAuthEnv(),
      NODE_ENV: 'production',
      DXHUB_INSECURE_OVERRIDES: 'development-identity',
    });
    expect(waived.status).toBe(1); // past the configuration: the database (port 1) stops it
    expect(waived.stderr).toMatch(/"level":"warn".*waived by DXHUB_INSECURE_OVERRIDES.*"check":"development-identity"/);
    const typo = boot('tasks', { ...testAuthEnv(), NODE_ENV: 'production', DXHUB_INSECURE_OVERRIDES: 'dev-key' });
    expect(typo.status).toBe(78);
    expect(problemOf(typo, 'DXHUB_INSECURE_OVERRIDES')).toMatch(/unknown checks \(dev-key\)/);
  });

  it('starts as before outside production (development keeps the development issuer)', () => {
    const b = boot('tasks', { ...testAuthEnv(), NODE_ENV: 'development' });
    expect(b.status).toBe(1);
    expect(b.fatal.msg).toMatch(/failed to start: .*ECONNREFUSED/);
  });
});
