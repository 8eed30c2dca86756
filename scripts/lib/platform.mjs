// Shared steps of `npm start` and `npm run start:<service>`: build, broker, service processes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeReadable } from './readable-log.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The four services, their default ports and the variable that overrides each. */
export const SERVICES = [
  { name: 'tasks', port: 3001, portVariable: 'TASKS_PORT' },
  { name: 'indicators', port: 3002, portVariable: 'INDICATORS_PORT' },
  { name: 'notifications', port: 3003, portVariable: 'NOTIFICATIONS_PORT' },
  { name: 'reporting', port: 3004, portVariable: 'REPORTING_PORT' },
];

/** The web app's server (apps/web): the app people use, and the services' APIs behind it on one origin. */
export const WEB = { name: 'web', port: 3000, portVariable: 'WEB_PORT' };

export function say(message) {
  process.stderr.write(`[dxhub] ${message}\n`);
}

/**
 * Installs exactly what package-lock.json pins (`npm ci`) when node_modules is missing or older than the
 * lock file, so a fresh clone needs only `npm start` or `npm test`.
 */
export function ensureDependencies() {
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  say('installing the pinned dependencies (npm ci)...');
  const run = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('npm ci failed (see above)');
}

/**
 * The DEVELOPMENT-ONLY token issuer (infra/dev-auth/README.md): `npm start` trusts its key unless AUTH_*
 * is configured, and `npm run token` signs with it.
 */
export const DEV_AUTH = {
  AUTH_ISSUER: 'https://dev-auth.dxhub.invalid',
  AUTH_AUDIENCE: 'dxhub',
  publicKeyFile: 'infra/dev-auth/dev-public-key.pem',
  privateKeyFile: 'infra/dev-auth/dev-private-key.pem',
  kid: 'dxhub-dev-1',
};

/**
 * Which issuer a local start trusts: `configured` when AUTH_* names a key source, else the local Keycloak
 * (`keycloak`, the default) or, with LOCAL_AUTH=dev-key, the development key alone.
 */
export function localAuthMode(env = process.env) {
  if (env.AUTH_JWKS_URL || env.AUTH_PUBLIC_KEY || env.AUTH_PUBLIC_KEY_FILE) return 'configured';
  const mode = env.LOCAL_AUTH ?? 'keycloak';
  if (mode !== 'keycloak' && mode !== 'dev-key')
    throw new Error(`LOCAL_AUTH must be keycloak or dev-key, not '${mode}'`);
  return mode;
}

/** The environment with the dev issuer filled in when no AUTH_* key source is configured. */
export function withDevAuth(env = process.env) {
  if (localAuthMode(env) === 'configured') return env;
  return {
    ...env,
    AUTH_ISSUER: env.AUTH_ISSUER ?? DEV_AUTH.AUTH_ISSUER,
    AUTH_AUDIENCE: env.AUTH_AUDIENCE ?? DEV_AUTH.AUTH_AUDIENCE,
    AUTH_PUBLIC_KEY_FILE: join(ROOT, DEV_AUTH.publicKeyFile),
  };
}

/** True when the services will trust the development key. */
export function usesDevAuth(env = process.env) {
  return (
    !(env.AUTH_JWKS_URL || env.AUTH_PUBLIC_KEY || env.AUTH_PUBLIC_KEY_FILE) ||
    env.AUTH_PUBLIC_KEY_FILE === join(ROOT, DEV_AUTH.publicKeyFile)
  );
}

/** Compiles every app and lib into dist/ (incremental), links the libs for plain `node`, and bundles the web app. */
export function build() {
  const started = Date.now();
  const tsc = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) throw new Error('the TypeScript build failed (see above)');
  const link = spawnSync(process.execPath, [join(ROOT, 'scripts/link-dist-libs.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (link.status !== 0) throw new Error('linking the libs into dist/ failed');
  const web = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'apps/web/vite.config.mts',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (web.status !== 0) throw new Error('building the web app failed (see above)');
  say(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** True when KAFKA_BROKERS points at the local broker the repo's script runs. */
export function usesLocalBroker(env = process.env) {
  const brokers = env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  return /^(127\.0\.0\.1|localhost):\d+$/.test(brokers.trim());
}

/** Runs infra/kafka/kafka.sh <command>; returns its exit status. */
export function kafkaScript(command, env = process.env) {
  const brokers = env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const port = brokers.split(':')[1];
  const result = spawnSync('bash', [join(ROOT, 'infra/kafka/kafka.sh'), command], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...env, KAFKA_PORT: env.KAFKA_PORT ?? port },
  });
  return result.status ?? 1;
}

/**
 * Node flags every service runs with (here, in the bench, the Dockerfile and the k8s configmaps): a 32 MiB
 * semi-space lets the short-lived objects of an intake batch (decoded events, query rows, outbox messages)
 * die in the young generation instead of being promoted; it cut the indicators service's GC time by about
 * a quarter under load.
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=32'];

/**
 * Starts one service as a child process. Its JSON log lines go to this terminal as they are, or, with
 * `readable`, as lines a person reads (scripts/lib/readable-log.mjs).
 */
export function spawnService(service, env, { readable = false } = {}) {
  const main = join(ROOT, 'dist/apps', service.name, 'src/main.js');
  const child = spawn(process.execPath, ['--enable-source-maps', ...SERVICE_NODE_FLAGS, main], {
    cwd: ROOT,
    env,
    stdio: ['ignore', readable ? 'pipe' : 'inherit', readable ? 'pipe' : 'inherit'],
  });
  if (readable) {
    const options = { colour: Boolean(process.stdout.isTTY), fallbackService: service.name };
    pipeReadable(child.stdout, process.stdout, options);
    pipeReadable(child.stderr, process.stdout, options);
  }
  return child;
}

/** Whether `npm start` prints readable lines (a terminal, or LOG_FORMAT=pretty) or the services' JSON. */
export function readableLogs(env = process.env) {
  if (env.LOG_FORMAT === 'json') return false;
  return env.LOG_FORMAT === 'pretty' || Boolean(process.stdout.isTTY);
}

/** Runs infra/keycloak/keycloak.sh <command>; resolves with its exit status (start waits until it answers). */
export function keycloakScript(command, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn('bash', [join(ROOT, 'infra/keycloak/keycloak.sh'), command], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** Resolves when GET url answers 200, rejects after timeoutMs. */
export async function waitForReady(url, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`${url}: the process exited`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = error.message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms: ${last}`);
}

/** True when something accepts TCP connections on host:port. */
export function isListening(host, port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port: Number(port), timeout: 1000 });
    const answer = (listening) => {
      socket.destroy();
      resolve(listening);
    };
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.once('timeout', () => answer(false));
  });
}
