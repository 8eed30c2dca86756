import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './running-platform';

/*
 * `npm start` on a machine that is not ready: each problem stops it before it starts anything, with one line
 * saying what is wrong and how to fix it (no stack, no half-started platform).
 */
const PORTS = {
  TASKS_PORT: '3145',
  INDICATORS_PORT: '3146',
  NOTIFICATIONS_PORT: '3147',
  REPORTING_PORT: '3148',
  WEB_PORT: '3151',
};

function environment(env: Record<string, string>, dropFromEnvironment: string[] = []): Record<string, string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !dropFromEnvironment.includes(entry[0]) && !entry[0].startsWith('AUTH_'),
    ),
  );
  return {
    ...inherited,
    ...PORTS,
    KEYCLOAK_PORT: '3149',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/dxhub_test_never_created',
    ...env,
  };
}

function start(env: Record<string, string>, dropFromEnvironment: string[] = []) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts/start-platform.mjs')], {
    cwd: ROOT,
    env: environment(env, dropFromEnvironment),
    encoding: 'utf8',
    timeout: 60000,
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('npm start before anything starts', () => {
  it('says which port is taken, by whom, and how to choose another', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(Number(PORTS.TASKS_PORT), '127.0.0.1', resolve));
    // Asynchronously, so this process can keep holding the port while the start looks at it.
    const run = await new Promise<{ stderr: string; status: number | null }>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'scripts/start-platform.mjs')], {
        cwd: ROOT,
        env: environment({ LOCAL_AUTH: 'dev-key' }),
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (status) => resolve({ stderr, status }));
    });
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^\[dxhub\] cannot start: port 3145 \(the tasks service\) is already taken( by node \(pid \d+\))?: stop that process, or choose another port, e\.g\. TASKS_PORT=3245 npm start$/,
      ),
    ]);
    expect(run.status).toBe(1);
  });

  it('says PostgreSQL is not running and how to start it', () => {
    const run = start({ LOCAL_AUTH: 'dev-key', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/dxhub' });
    expect(run.stderr.trim().split('\n')).toEqual([
      '[dxhub] cannot start: PostgreSQL is not running at 127.0.0.1:1: start it (Debian/Ubuntu: sudo service postgresql start; macOS: brew services start postgresql@15), or point DATABASE_URL at one',
    ]);
    expect(run.status).toBe(1);
  });

  it('says Java is missing, who needs it and how to install it', async () => {
    // A PATH with node alone (a link in a folder of its own: node's own folder may hold java), no JAVA_HOME, and a
    // free port for Keycloak, the default identity provider, which needs Java.
    const bin = mkdtempSync(join(tmpdir(), 'dxhub-node-only-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const keycloakPort = await freePort();
    const run = start({ PATH: bin, KEYCLOAK_PORT: String(keycloakPort) }, ['JAVA_HOME', 'LOCAL_AUTH']);
    rmSync(bin, { recursive: true });
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^\[dxhub\] cannot start: Java is missing \((Keycloak runs|the Kafka broker and Keycloak run) on it\): install a JDK 17 or newer \(Debian\/Ubuntu: sudo apt-get install openjdk-17-jdk-headless; macOS: brew install openjdk@17\) or set JAVA_HOME to one$/,
      ),
    ]);
    expect(run.status).toBe(1);
  });
});
