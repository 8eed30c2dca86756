// Small helpers shared by the bench's processes: Kafka through the platform's messaging lib, CPU accounting
// from /proc, percentiles, ports, processes and consumer-group progress.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_AUTH, SERVICE_NODE_FLAGS } from '../../scripts/lib/platform.mjs';

export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/**
 * The messaging lib as built (`npm run build`, which the bench's npm scripts run first): the bench reaches
 * Kafka the way the services do, kafkajs staying inside the lib.
 */
export const messaging = createRequire(import.meta.url)('../../dist/libs/messaging/src/index.js');

/**
 * A gateway to the bench's broker. Topics are passed by their full names (the bench builds them with its
 * run's prefix), unless `topicPrefix` is given, which is what deleteOwnTopics and deleteOwnGroups clean up.
 * The client's errors go to stderr: stdout carries only the bench's result line.
 */
export function kafkaGateway(clientId, topicPrefix = '') {
  const config = Object.assign(new messaging.KafkaConfig(), {
    KAFKA_BROKERS: BROKERS,
    KAFKA_TOPIC_PREFIX: topicPrefix,
  });
  return new messaging.KafkaGateway(config, clientId, {
    level: 'error',
    to: (line) => process.stderr.write(`[kafka ${clientId}] ${line.message}\n`),
  });
}

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/**
 * Starts a build of the indicators service (`main`) for a bench run, on its own port, database and topic
 * prefix, with its output in `logFile`. It runs with the flags it runs with everywhere, then
 * BENCH_SERVICE_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=bench/out/prof`: where its own time goes), which may
 * override them. It trusts the development key: the service refuses to start without an issuer, and the bench
 * only reads /health and /metrics. `settings` are the run's own variables.
 */
export function spawnIndicators({ main, port, databaseUrl, topicPrefix, logFile, settings = {} }) {
  const logStream = createWriteStream(logFile);
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, ['--enable-source-maps', ...SERVICE_NODE_FLAGS, ...nodeArgs, main], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      AUTH_ISSUER: DEV_AUTH.AUTH_ISSUER,
      AUTH_AUDIENCE: DEV_AUTH.AUTH_AUDIENCE,
      AUTH_PUBLIC_KEY_FILE: join(ROOT, DEV_AUTH.publicKeyFile),
      ...settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(logStream);
  child.stderr.pipe(logStream);
  child.logFile = logFile;
  return child;
}

/** A positive integer setting from the environment, or `fallback` when it is unset or empty. */
export function positiveIntEnv(name, fallback) {
  const text = process.env[name];
  const v = text === undefined || text === '' ? fallback : Number(text);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a positive integer`);
  return v;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const now = () => performance.timeOrigin + performance.now();

export function log(message) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used, or null when it is gone. */
export function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine, over all cores. */
export function machineCpu() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / TICKS, total: total / TICKS };
}

/**
 * Samples CPU of named processes and the machine; `stop()` returns how many cores each used on average
 * over the interval (1.0 = one core busy all the time).
 */
export function cpuMeter(pids) {
  const wall0 = now();
  const m0 = machineCpu();
  const p0 = Object.fromEntries(Object.entries(pids()).map(([name, list]) => [name, sumCpu(list)]));
  return {
    stop() {
      const seconds = (now() - wall0) / 1000;
      const m1 = machineCpu();
      const out = { seconds: round(seconds, 2), machineBusyCores: round((m1.busy - m0.busy) / seconds, 2) };
      for (const [name, list] of Object.entries(pids())) {
        if (p0[name] === undefined) continue;
        out[`${name}Cores`] = round((sumCpu(list) - p0[name]) / seconds, 2);
      }
      return out;
    },
  };
}

function sumCpu(pidList) {
  return pidList.reduce((sum, pid) => sum + (processCpuSeconds(pid) ?? 0), 0);
}

/** The broker's pid from infra/kafka's pid file (KAFKA_DATA_DIR as kafka.sh reads it), if it runs here. */
export function brokerPid(root) {
  try {
    const dataDir = process.env.KAFKA_DATA_DIR ?? `${root}/infra/kafka/.data`;
    return Number(readFileSync(`${dataDir}/broker.pid`, 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function round(n, digits = 1) {
  if (n === null || n === undefined || Number.isNaN(n)) return null;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** The last line of a child's stdout, parsed as JSON (its result). */
export function lastJsonLine(text) {
  const lines = text.trim().split('\n').filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(lines[i]);
    } catch {
      // not the result line
    }
  }
  throw new Error(`no JSON result line in:\n${text.slice(-2000)}`);
}

/** Headers as strings, as the service's codec sees them. */
export function headerText(value) {
  if (value === undefined || value === null) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the process exited. */
export async function stopProcess(child, timeoutMs = 20_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** The high-water mark of every partition of `topics` (a gateway's), keyed `topic:partition`. */
export async function endOffsets(kafka, topics) {
  const ends = new Map();
  for (const topic of topics) {
    for (const [partition, high] of await kafka.topicEnds(topic)) ends.set(`${topic}:${partition}`, high);
  }
  return ends;
}

/** Events committed by a consumer group so far, over the given partitions' end offsets. */
export async function committedCount(kafka, groupId, topics, ends) {
  let done = 0n;
  for (const topic of topics) {
    for (const [partition, offset] of await kafka.groupOffsets(groupId, topic)) {
      const end = ends.get(`${topic}:${partition}`);
      if (end === undefined) continue;
      if (offset > 0n) done += offset < end ? offset : end;
    }
  }
  return Number(done);
}
