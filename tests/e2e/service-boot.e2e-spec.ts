import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { testAuthEnv } from '@dxhub/testing';

/*
 * A service started with a bad environment stops at boot, names the variable and exits with EX_CONFIG;
 * one whose database is unreachable says so and exits non-zero. (The e2e agency-flow test builds dist/.)
 */
const ROOT = join(__dirname, '../..');

function boot(service: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [join(ROOT, 'dist/apps', service, 'src/main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60000,
  });
}

describe('service boot', () => {
  beforeAll(() => {
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status).toBe(0);
  });

  it('refuses a bad variable by name, with every problem at once', () => {
    const result = boot('tasks', {
      ...testAuthEnv(),
      PORT: 'eighty',
      KAFKA_BROKERS: 'not a broker',
      DATABASE_URL: 'mysql://root:hunter2@db/x',
    });
    expect(result.status).toBe(78);
    const fatal = JSON.parse(result.stderr.trim().split('\n').pop() as string) as {
      level: string;
      problems: { variable: string }[];
      msg: string;
    };
    expect(fatal.level).toBe('fatal');
    expect(fatal.problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'PORT']);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('refuses to start without a token issuer and key, naming the variables', () => {
    const result = boot('indicators', {
      AUTH_ISSUER: '',
      AUTH_AUDIENCE: '',
      AUTH_JWKS_URL: '',
      AUTH_PUBLIC_KEY: '',
      AUTH_PUBLIC_KEY_FILE: '',
    });
    expect(result.status).toBe(78);
    const fatal = JSON.parse(result.stderr.trim().split('\n').pop() as string) as { problems: { variable: string }[] };
    expect(fatal.problems.map((p) => p.variable).sort()).toEqual(['AUTH_AUDIENCE', 'AUTH_ISSUER', 'AUTH_JWKS_URL']);
  });

  it('says why when the database cannot be reached', () => {
    const result = boot('reporting', {
      ...testAuthEnv(),
      PORT: '3199',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/dxhub',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/"level":"fatal".*failed to start: .*ECONNREFUSED/);
  });
});
