#!/usr/bin/env node
// `npm run bench:indicators`: the indicators service's intake against two baselines, in one run, on this
// machine (issue 4, point 6). Expects a built dist/ (the npm script builds first).
//
// 1. Publishes N agency events (BENCH_EVENTS, default 200,000) to fresh topics (prefix bench<run>.).
// 2. Baseline (a), the transport's ceiling: a consumer that only decodes and counts reads all N.
// 3. Baseline (b), naive: one PostgreSQL transaction per event, on the first BENCH_NAIVE_EVENTS (20,000).
// 4. The service (dist/apps/indicators) starts on a fresh database with the N events waiting and
//    consumes them: events/s from its first batch's transaction to the commit of the last offset.
// 5. The same service then takes new events paced at BENCH_RATE/s (2,000) for BENCH_LATENCY_SECONDS (20):
//    latency from each send to the dx.indicator-aggregates.updated event with the province's aggregate that reflects it.
// The measurements run one after another, each process stopped before the next. Progress goes to stderr;
// the results are the last line on stdout (one JSON object) and bench/RESULTS.md (BENCH_WRITE_RESULTS=0
// leaves it alone). Everything it creates — topics, consumer groups, databases — is removed at the end
// (BENCH_KEEP=1 keeps them).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  log,
  kafkaGateway,
  spawnIndicators,
  messaging,
  BROKERS,
  now,
  sleep,
  brokerPid,
  processCpuSeconds,
  machineCpu,
  percentile,
  round,
  lastJsonLine,
  positiveIntEnv,
  freePort,
  stopProcess,
  endOffsets,
  committedCount,
} from './lib.mjs';
import {
  agencyTopic,
  latencyEvents,
  loadCatalogue,
  PROVINCE_CODE,
  throughputEvents,
  THROUGHPUT_YEARS,
  LATENCY_YEARS,
} from './workload.mjs';
import { writeSection } from '../results-file.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const SEEDS_DIR = join(ROOT, 'seeds');
// BENCH_SERVICE_MAIN runs another build of the service (another checkout's dist/), e.g. to compare commits.
const SERVICE_MAIN = resolve(process.env.BENCH_SERVICE_MAIN ?? join(ROOT, 'dist/apps/indicators/src/main.js'));
const SERVICE_ROOT = resolve(dirname(SERVICE_MAIN), '../../../..');
const RESULTS_FILE = join(ROOT, 'bench', 'RESULTS.md');
const KAFKA_SH = join(ROOT, 'infra/kafka/kafka.sh');

const env = process.env;
const N = positiveIntEnv('BENCH_EVENTS', 200_000);
const NAIVE_N = Math.min(positiveIntEnv('BENCH_NAIVE_EVENTS', 20_000), N);
const RATE = positiveIntEnv('BENCH_RATE', 2_000);
const LATENCY_SECONDS = positiveIntEnv('BENCH_LATENCY_SECONDS', 20);
const SEED = positiveIntEnv('BENCH_SEED', 1);
const ORDER = env.BENCH_ORDER ?? 'submissions';
const PG_ADMIN_URL = env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KEEP = env.BENCH_KEEP === '1';
const WRITE_RESULTS = env.BENCH_WRITE_RESULTS !== '0';
const CEILING_RUNS = 3;
const LATENCY_WAIT_MS = 30_000; // after the last paced send, for the last aggregates to arrive
/**
 * The paced sender sends what is due, then waits SEND_TICK_MS (some 25 events a request at 2,000/s); each
 * event is stamped when its request leaves. It stands in for the agencies' own machines: sending as soon as
 * the last request was acknowledged (some 500 requests a second) took a fifth of a core from the service
 * it measures.
 */
const SEND_TICK_MS = 10;
const PARTITIONS = 3; // what the service creates its topics with (KAFKA_TOPIC_PARTITIONS default)
/** The events an outbox row holds: one, or each of a fan-out row's. */
const OUTBOX_EVENTS = 'CASE WHEN fan_out THEN json_array_length(payload::json) ELSE 1 END';
const TARGETS = { eventsPerSec: 20_000, ofCeiling: 0.4, timesNaive: 10, p99Ms: 250 };

const runId = randomBytes(4).toString('hex');
const prefix = `bench${runId}.`;
const serviceDb = `dxhub_bench_${runId}`;
const naiveDb = `dxhub_bench_${runId}_naive`;
const workDir = join(ROOT, 'bench', 'out', `indicators-${runId}`); // git-ignored: the service's log of the run
const kafka = kafkaGateway(`bench-${runId}`);
const children = new Set();
let startedBroker = false;

function dbUrl(name) {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(sql, params = []) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- CPU accounting

/**
 * Samples cumulative CPU every 200 ms of: the machine, named processes, and the PostgreSQL backends of a
 * database (matched on their process title). `cores(t0, t1)` interpolates the average cores each used.
 */
function cpuSampler() {
  const tracked = new Map(); // name -> () => pid[]
  const samples = [];
  // A backend's title: "postgres: [<cluster>: ]<user> <database> <host>(<port>) <state>". The titles are
  // read from /proc once a second for all trackers: a scan per tracker and sample took a tenth of the
  // bench's CPU, on the cores it measures. Pools keep their backends, so a second's delay loses little.
  let titles = { at: -Infinity, list: [] };
  const postgresTitles = () => {
    if (now() - titles.at < 1000) return titles.list;
    const list = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (title.startsWith('postgres:')) list.push({ pid: Number(entry), title });
      } catch {
        // gone
      }
    }
    titles = { at: now(), list };
    return list;
  };
  const pgPids = (match) =>
    postgresTitles()
      .filter((p) => match(p.title))
      .map((p) => p.pid);
  const cumulative = new Map(); // pid -> last seen cpu seconds (a backend that exits keeps its total)
  const sample = () => {
    const row = { t: now(), machine: machineCpu().busy };
    for (const [name, pids] of tracked) {
      let sum = 0;
      for (const pid of pids()) {
        const cpu = processCpuSeconds(pid);
        if (cpu !== null) cumulative.set(`${name}:${pid}`, cpu);
      }
      for (const [key, cpu] of cumulative) if (key.startsWith(`${name}:`)) sum += cpu;
      row[name] = sum;
    }
    samples.push(row);
  };
  const timer = setInterval(sample, 200);
  timer.unref();
  return {
    track(name, pids) {
      tracked.set(name, pids);
      sample();
    },
    /** The PostgreSQL backends serving one database. */
    trackDatabase(name, db) {
      this.track(name, () => pgPids((title) => title.includes(` ${db} `)));
    },
    /** PostgreSQL's shared background processes: WAL writer, checkpointer, background writer. */
    trackPostgresBackground(name) {
      this.track(name, () => pgPids((title) => /: (walwriter|checkpointer|background writer)/.test(title)));
    },
    sample,
    stop: () => clearInterval(timer),
    /** Average cores used per tracked name between t0 and t1 (ms), from the samples around them. */
    cores(t0, t1) {
      sample();
      const at = (t, key) => {
        let before = samples[0];
        let after = samples[samples.length - 1];
        for (const s of samples) {
          if (s.t <= t) before = s;
          if (s.t >= t) {
            after = s;
            break;
          }
        }
        const vb = before[key] ?? 0;
        const va = after[key] ?? vb;
        if (after.t === before.t) return vb;
        return vb + ((va - vb) * (t - before.t)) / (after.t - before.t);
      };
      const seconds = (t1 - t0) / 1000;
      const out = { machine: round((at(t1, 'machine') - at(t0, 'machine')) / seconds, 2) };
      for (const name of tracked.keys()) {
        const cores = round((at(t1, name) - at(t0, name)) / seconds, 2);
        if (cores) out[name] = cores; // processes idle or not yet running in the window are left out
      }
      // What the processes above do not account for: the rest of the machine (other users' work, the kernel).
      out.other = round(
        Object.entries(out).reduce((rest, [name, cores]) => (name === 'machine' ? rest : rest - cores), out.machine),
        2,
      );
      return out;
    },
  };
}

// ---------------------------------------------------------------- broker, topics, processes

/** True when something accepts TCP connections on host:port within a second. */
function listening(hostPort) {
  const [host, port] = hostPort.split(':');
  return new Promise((resolveListening) => {
    const socket = connect({ host, port: Number(port), timeout: 1000 });
    const done = (ok) => {
      socket.destroy();
      resolveListening(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** Uses the broker when it answers; otherwise starts the local one (infra/kafka) and waits for it. */
async function ensureBroker() {
  const local = BROKERS.length === 1 && /^(127\.0\.0\.1|localhost):\d+$/.test(BROKERS[0]);
  if (!(await listening(BROKERS[0]))) {
    if (!local) throw new Error(`the broker at ${BROKERS.join(',')} does not answer`);
    const kafkaEnv = { ...env, KAFKA_PORT: BROKERS[0].split(':')[1] };
    const status = spawnSync('bash', [KAFKA_SH, 'status'], { encoding: 'utf8', env: kafkaEnv });
    const wasRunning = /status:\s+running/.test(status.stdout ?? '');
    log(
      `starting the local Kafka broker (infra/kafka/kafka.sh start)${wasRunning ? ': it is starting up already' : ''}`,
    );
    const started = spawnSync('bash', [KAFKA_SH, 'start'], { stdio: ['ignore', 2, 2], env: kafkaEnv });
    if (started.status !== 0) throw new Error('infra/kafka/kafka.sh start failed');
    startedBroker = !wasRunning;
  }
  // The broker may be up but not yet serving metadata: retry until topics can be created and listed.
  for (let attempt = 0; ; attempt++) {
    try {
      await kafka.ping();
      return;
    } catch (error) {
      if (attempt >= 60) throw new Error(`the broker at ${BROKERS.join(',')} did not answer: ${error.message}`);
      await sleep(1000);
    }
  }
}

/** Runs a bench child process to completion; returns its JSON result line. */
function runChild(script, childEnv, sampler, name) {
  return new Promise((resolveChild, reject) => {
    const child = spawn(process.execPath, [join(HERE, script)], {
      cwd: ROOT,
      env: { ...env, ...childEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    sampler.track(name, () => [child.pid]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      children.delete(child);
      if (code !== 0) reject(new Error(`${script} exited with ${code}:\n${err.slice(-3000)}`));
      else {
        try {
          resolveChild(lastJsonLine(out));
        } catch (error) {
          reject(error);
        }
      }
    });
  });
}

/** BENCH_SERVICE_ENV (`NAME=value` pairs separated by spaces): settings of the service other than the defaults. */
function serviceSettings() {
  const pairs = (env.BENCH_SERVICE_ENV ?? '').split(/\s+/).filter(Boolean);
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`BENCH_SERVICE_ENV: '${pair}' is not NAME=value`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

function startService(port) {
  const child = spawnIndicators({
    main: SERVICE_MAIN,
    port,
    databaseUrl: dbUrl(serviceDb),
    topicPrefix: prefix,
    logFile: join(workDir, 'indicators.log'),
    settings: serviceSettings(),
  });
  children.add(child);
  child.exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  child.exited.then(() => children.delete(child));
  return child;
}

async function waitForReady(url, child, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the service exited (${child.exitCode}); log: ${child.logFile}\n${tail(child.logFile)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms; log: ${child.logFile}\n${tail(child.logFile)}`);
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Prometheus text → { name{labels}: value }. */
async function scrapeMetrics(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const out = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out[line.slice(0, i)] = Number(line.slice(i + 1));
  }
  return out;
}

function metricSum(metrics, name, labelFilter = '') {
  let sum = 0;
  for (const [key, value] of Object.entries(metrics)) {
    const base = key.split('{')[0];
    if (base === name && key.includes(labelFilter)) sum += value;
  }
  return sum;
}

/** A quantile of a Prometheus histogram from its cumulative buckets (the bucket's upper bound). */
function histogramQuantile(metrics, name, labelFilter, q) {
  const buckets = Object.entries(metrics)
    .filter(([k]) => k.startsWith(`${name}_bucket{`) && k.includes(labelFilter))
    .map(([k, v]) => ({ le: k.match(/le="([^"]+)"/)[1], v }))
    .map(({ le, v }) => ({ le: le === '+Inf' ? Infinity : Number(le), v }))
    .sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.v ?? 0;
  if (total === 0) return null;
  return buckets.find((b) => b.v >= q * total)?.le ?? null;
}

// ---------------------------------------------------------------- the run

async function main() {
  if (!existsSync(SERVICE_MAIN)) throw new Error(`${SERVICE_MAIN} is missing: run npm run build first`);
  mkdirSync(workDir, { recursive: true });
  const startedAt = new Date();
  const facts = machineFacts();
  log(
    `run ${runId}: N=${N}, naive=${NAIVE_N}, paced ${RATE}/s for ${LATENCY_SECONDS} s, order=${ORDER}, seed=${SEED}; ${facts.cores} cores, node ${facts.node}; logs in ${workDir}`,
  );
  const sampler = cpuSampler();
  sampler.track('bench', () => [process.pid]);

  await ensureBroker();
  sampler.track('broker', () => [brokerPid(ROOT)].filter(Boolean));
  sampler.trackPostgresBackground('pgWal');
  const pgVersion = (await adminQuery('SHOW server_version'))[0].server_version;

  // ---- 1. the events
  const catalogue = loadCatalogue(SEEDS_DIR);
  const workload = throughputEvents({ catalogue, prefix, runId, count: N, order: ORDER, seed: SEED });
  const topics = [...new Set(catalogue.indicators.map((i) => agencyTopic(prefix, i.agency)))].sort();
  await kafka.ensureTopics(topics); // PARTITIONS each: the lib's default KAFKA_TOPIC_PARTITIONS
  const produceStart = now();
  const CHUNK = 4000;
  for (let i = 0; i < workload.events.length; i += CHUNK) {
    await kafka.send(workload.events.slice(i, i + CHUNK).map((e) => ({ topic: e.topic, record: e.message })));
  }
  const produceSeconds = (now() - produceStart) / 1000;
  const ends = await endOffsets(kafka, topics);
  const onTopics = Number([...ends.values()].reduce((a, b) => a + b, 0n));
  if (onTopics !== N) throw new Error(`expected ${N} events on the topics, found ${onTopics}`);
  log(
    `published ${N} events in ${produceSeconds.toFixed(1)} s to ${topics.length} topics x ${PARTITIONS} partitions: ` +
      `${workload.newCells} new cells, ${workload.corrections} corrections, ${workload.resends} exact re-sends`,
  );
  const partitionLoad = [...ends.entries()].map(([k, v]) => `${k.slice(prefix.length)}=${v}`).join(' ');
  log(`per partition: ${partitionLoad}`);
  workload.events.length = 0; // the messages are on the broker now

  // ---- 2. baseline (a): decode and count
  // A ceiling is the best the transport does: the best of CEILING_RUNS reads (each its own process and group).
  const ceilingRuns = [];
  for (let run = 1; run <= CEILING_RUNS; run++) {
    const result = await runChild(
      'ceiling-consumer.mjs',
      { BENCH_TOPICS: topics.join(','), BENCH_GROUP: `${prefix}bench-ceiling-${run}`, BENCH_TARGET: String(N) },
      sampler,
      `ceiling${run}`,
    );
    const end = now();
    ceilingRuns.push({ ...result, cpuCores: sampler.cores(end - result.seconds * 1000, end) });
    log(
      `baseline (a), read ${run} of ${CEILING_RUNS}: ${Math.round(result.eventsPerSec)} events/s (${result.events} in ${result.seconds.toFixed(2)} s)`,
    );
  }
  const ceiling = ceilingRuns.reduce((best, r) => (r.eventsPerSec > best.eventsPerSec ? r : best));

  // ---- 3. baseline (b): one transaction per event
  log(`baseline (b): one transaction per event over the first ${NAIVE_N} events`);
  await adminQuery(`CREATE DATABASE "${naiveDb}" ENCODING 'UTF8' TEMPLATE template0`);
  sampler.trackDatabase('naivePg', naiveDb);
  const naive = await runChild(
    'naive-consumer.mjs',
    {
      BENCH_TOPICS: topics.join(','),
      BENCH_GROUP: `${prefix}bench-naive`,
      BENCH_TARGET: String(NAIVE_N),
      BENCH_DATABASE_URL: dbUrl(naiveDb),
      SEEDS_DIR,
    },
    sampler,
    'naive',
  );
  const naiveWindowEnd = now();
  const naiveCpu = sampler.cores(naiveWindowEnd - naive.seconds * 1000, naiveWindowEnd);
  log(`baseline (b): ${Math.round(naive.eventsPerSec)} events/s (${naive.events} in ${naive.seconds.toFixed(2)} s)`);
  if (!KEEP) await adminQuery(`DROP DATABASE IF EXISTS "${naiveDb}" WITH (FORCE)`);

  // ---- 4. the service, with all N events waiting
  const port = await freePort();
  log(`service: starting dist/apps/indicators on port ${port} with database ${serviceDb}`);
  const spawnedAt = now();
  const service = startService(port);
  sampler.track('service', () => [service.pid]);
  sampler.trackDatabase('servicePg', serviceDb);
  const groupId = `${prefix}indicators-intake`;
  const progress = [];
  let readyAt;
  const ready = waitForReady(`http://127.0.0.1:${port}/health/ready`, service).then(() => (readyAt = now()));
  ready.catch(() => {});
  let intakeEnd;
  while (intakeEnd === undefined) {
    if (service.exitCode !== null)
      throw new Error(`the service exited (${service.exitCode}); log: ${service.logFile}\n${tail(service.logFile)}`);
    const done = await committedCount(kafka, groupId, topics, ends).catch(() => 0);
    const t = now();
    if (done > 0 && (progress.length === 0 || progress.at(-1).done !== done)) progress.push({ t, done });
    if (done >= N) intakeEnd = t;
    else if (t - spawnedAt > 600_000) throw new Error(`the service committed ${done} of ${N} events in 10 minutes`);
    else await sleep(20);
  }
  await ready;
  const db = new pg.Client({ connectionString: dbUrl(serviceDb) });
  await db.connect();
  const [first] = (
    await db.query(
      `SELECT (extract(epoch FROM min(received_at)) * 1000)::float8 AS t0, count(*)::int AS reports FROM indicators.indicator_reports`,
    )
  ).rows;
  const intakeStart = first.t0;
  const serviceSeconds = (intakeEnd - intakeStart) / 1000;
  const eventsPerSec = N / serviceSeconds;
  // The rate between the first sample past 10 % and the first past 90 %, leaving out warm-up and tail.
  const p10 = progress.find((s) => s.done >= 0.1 * N);
  const p90 = progress.find((s) => s.done >= 0.9 * N);
  const middle = p10 && p90 && p90.t > p10.t ? (p90.done - p10.done) / ((p90.t - p10.t) / 1000) : null;
  const intakeCpu = sampler.cores(intakeStart, intakeEnd);
  const metricsAtIntakeEnd = await scrapeMetrics(port);
  const outboxAtEnd = (
    await db.query(
      `SELECT coalesce(sum(${OUTBOX_EVENTS}) FILTER (WHERE published_at IS NULL), 0)::int AS pending,
              coalesce(sum(${OUTBOX_EVENTS}), 0)::int AS total FROM indicators.outbox`,
    )
  ).rows[0];
  log(
    `service: ${Math.round(eventsPerSec)} events/s (${N} in ${serviceSeconds.toFixed(2)} s from its first batch; ` +
      `started consuming ${((intakeStart - spawnedAt) / 1000).toFixed(1)} s after spawn, ready after ${((readyAt - spawnedAt) / 1000).toFixed(1)} s)`,
  );

  const verification = await verify(db, workload, catalogue);
  log(
    `service: ${verification.ok ? 'province aggregates match the expected sums' : `MISMATCH: ${JSON.stringify(verification)}`}`,
  );

  // Aggregate events still in the outbox: let the relay publish them before the latency run.
  const drainStart = now();
  let pending = outboxAtEnd.pending;
  while (pending > 0 && now() - drainStart < 600_000) {
    await sleep(250);
    pending = (
      await db.query(
        `SELECT coalesce(sum(${OUTBOX_EVENTS}), 0)::int AS pending FROM indicators.outbox WHERE published_at IS NULL`,
      )
    ).rows[0].pending;
  }
  const drainSeconds = (now() - drainStart) / 1000;
  const outboxTotal = (await db.query(`SELECT coalesce(sum(${OUTBOX_EVENTS}), 0)::int AS total FROM indicators.outbox`))
    .rows[0].total;
  // The aggregate changes those events carry: many per dx.indicator-aggregates.updated, one per
  // dx.indicator-aggregate.updated (what builds before it published).
  const aggregateChanges = (
    await db.query(
      `SELECT coalesce(sum(CASE o.event_type WHEN 'dx.indicator-aggregates.updated'
                                THEN json_array_length(e->'payload'->'aggregates') ELSE 1 END), 0)::int AS changes
       FROM indicators.outbox o, json_array_elements(o.payload::json) e
       WHERE o.fan_out AND o.event_type IN ('dx.indicator-aggregates.updated', 'dx.indicator-aggregate.updated')`,
    )
  ).rows[0].changes;
  log(
    `service: outbox had ${outboxAtEnd.pending} of ${outboxAtEnd.total} aggregate events unpublished at intake end; drained in ${drainSeconds.toFixed(1)} s (${outboxTotal} in all)`,
  );
  if (pending > 0) throw new Error(`the outbox still holds ${pending} events after 10 minutes`);

  // The burst leaves background work behind (standings, scores, completeness counts and their events): the
  // latency run starts once it is done, so that it measures the paced events and not the burst's tail. How long
  // the tail took is a figure of its own.
  const settleSeconds = await settle(db, intakeEnd);
  log(`service: the background work of the intake was done ${settleSeconds.toFixed(1)} s after its last commit`);

  // ---- 5. latency at a paced rate
  const latency = await measureLatency(catalogue, sampler, port);
  log(
    `latency at ${RATE}/s: p50 ${latency.p50Ms} ms, p99 ${latency.p99Ms} ms, max ${latency.maxMs} ms (${latency.measured} of ${latency.sent} events)`,
  );
  const st = latency.stagesMs;
  log(
    `latency stages p50/p99 ms: send → transaction start ${st.toTransaction.p50}/${st.toTransaction.p99}, ` +
      `→ relay send ${st.transactionToRelay.p50}/${st.transactionToRelay.p99}, → read ${st.relayToRead.p50}/${st.relayToRead.p99}; ` +
      `service and its PostgreSQL backends ${latency.serviceCpuMsPerEvent} CPU ms per event`,
  );
  const metricsEnd = await scrapeMetrics(port);
  await db.end();
  await stopProcess(service);
  sampler.stop();

  const batchCount = metricSum(metricsAtIntakeEnd, 'dx_consumer_batch_seconds_count', 'indicators-intake');
  const batchSum = metricSum(metricsAtIntakeEnd, 'dx_consumer_batch_seconds_sum', 'indicators-intake');
  const result = {
    bench: 'indicators',
    date: startedAt.toISOString(),
    command: reproduceCommand(),
    N,
    eventsPerSec: round(eventsPerSec, 0),
    p50Ms: latency.p50Ms,
    p99Ms: latency.p99Ms,
    ceilingEventsPerSec: round(ceiling.eventsPerSec, 0),
    naiveEventsPerSec: round(naive.eventsPerSec, 0),
    ofCeiling: round(eventsPerSec / ceiling.eventsPerSec, 3),
    timesNaive: round(eventsPerSec / naive.eventsPerSec, 1),
    targets: {
      eventsPerSec: eventsPerSec >= TARGETS.eventsPerSec,
      ofCeiling: eventsPerSec >= TARGETS.ofCeiling * ceiling.eventsPerSec,
      timesNaive: eventsPerSec >= TARGETS.timesNaive * naive.eventsPerSec,
      p99Ms: latency.p99Ms !== null && latency.p99Ms < TARGETS.p99Ms && latency.measured === latency.sent,
    },
    service: {
      seconds: round(serviceSeconds, 2),
      eventsPerSecMiddle80: round(middle, 0),
      consumingAfterSpawnSeconds: round((intakeStart - spawnedAt) / 1000, 2),
      readyAfterSpawnSeconds: round((readyAt - spawnedAt) / 1000, 2),
      batches: batchCount,
      meanBatchEvents: batchCount ? round(N / batchCount, 0) : null,
      meanBatchMs: batchCount ? round((batchSum / batchCount) * 1000, 1) : null,
      batchMsP50: msOrNull(
        histogramQuantile(metricsAtIntakeEnd, 'dx_consumer_batch_seconds', 'indicators-intake', 0.5),
      ),
      batchMsP99: msOrNull(
        histogramQuantile(metricsAtIntakeEnd, 'dx_consumer_batch_seconds', 'indicators-intake', 0.99),
      ),
      busyShare: round(batchSum / serviceSeconds, 2),
      reportsApplied: metricSum(metricsAtIntakeEnd, 'dx_indicator_reports_applied_total'),
      reportsDuplicate: metricSum(metricsAtIntakeEnd, 'dx_indicator_reports_duplicate_total'),
      reportsRejected: metricSum(metricsAtIntakeEnd, 'dx_indicator_reports_rejected_total'),
      deadLettered: metricSum(metricsEnd, 'dx_messages_dead_lettered_total'),
      reportsStored: first.reports,
      aggregateEventsAtIntakeEnd: outboxAtEnd.total,
      aggregateEventsUnpublishedAtIntakeEnd: outboxAtEnd.pending,
      outboxDrainSeconds: round(drainSeconds, 1),
      settledAfterSeconds: round(settleSeconds, 1),
      aggregateEventsTotal: outboxTotal,
      aggregateChangesTotal: aggregateChanges,
      verified: verification,
      cpuCores: intakeCpu,
    },
    ceiling: {
      events: ceiling.events,
      seconds: round(ceiling.seconds, 2),
      batches: ceiling.batches,
      cpuSeconds: round(ceiling.cpuSeconds, 2),
      cpuCores: ceiling.cpuCores,
      reads: ceilingRuns.map((r) => round(r.eventsPerSec, 0)),
    },
    naive: {
      events: naive.events,
      seconds: round(naive.seconds, 2),
      applied: naive.applied,
      superseded: naive.superseded,
      duplicates: naive.duplicates,
      rejected: naive.rejected,
      cpuCores: naiveCpu,
    },
    latency,
    workload: {
      order: ORDER,
      seed: SEED,
      indicators: catalogue.indicators.length,
      agencies: [...new Set(catalogue.indicators.map((i) => i.agency))].sort(),
      topics: topics.length,
      partitions: topics.length * PARTITIONS,
      throughputYears: THROUGHPUT_YEARS.join('-'),
      latencyYears: LATENCY_YEARS.join('-'),
      newCells: workload.newCells,
      corrections: workload.corrections,
      resends: workload.resends,
      distinctCells: workload.distinctCells,
      publishSeconds: round(produceSeconds, 1),
    },
    broker: { brokers: BROKERS.join(','), kafka: facts.kafka, partitionsPerTopic: PARTITIONS, kafkajs: facts.kafkajs },
    postgres: pgVersion,
    machine: facts,
    runId,
  };
  return result;
}

function msOrNull(seconds) {
  return seconds === null ? null : seconds === Infinity ? 'inf' : round(seconds * 1000, 0);
}

/** Compares the province aggregate of every (indicator, period) sent with what the events add up to. */
/**
 * Waits until the service's background queues (whichever of them its schema has) are empty and its outbox is
 * published, read in one snapshot: a job's transaction that took queue rows holds them visible until it commits
 * its outbox rows. Returns the seconds from `since` (the intake's last commit).
 */
async function settle(db, since) {
  const queues = (
    await db.query(`SELECT q FROM unnest($1::text[]) AS q WHERE to_regclass('indicators.' || q) IS NOT NULL`, [
      ['target_evaluation_queue', 'score_refresh_queue', 'obligation_progress_queue'],
    ])
  ).rows.map((r) => r.q);
  const waiting = [
    `(SELECT count(*) FROM indicators.outbox WHERE published_at IS NULL)`,
    ...queues.map((q) => `(SELECT count(*) FROM indicators.${q})`),
  ].join(' + ');
  const start = now();
  while ((await db.query(`SELECT (${waiting})::int AS waiting`)).rows[0].waiting > 0) {
    if (now() - start > 600_000) throw new Error('the background work of the intake was not done in 10 minutes');
    await sleep(100);
  }
  return (now() - since) / 1000;
}

async function verify(db, workload, catalogue) {
  const rows = (
    await db.query(
      `SELECT a.indicator_code, a.period, a.value_count::text AS count, a.value_sum::text AS value_sum,
              a.numerator_sum::text AS numerator_sum, a.denominator_sum::text AS denominator_sum
       FROM indicators.indicator_aggregates a JOIN indicators.org_units o ON o.id = a.org_unit_id
       WHERE o.code = $1 AND o.level = 1 AND a.indicator_code = ANY($2)`,
      [PROVINCE_CODE, catalogue.indicators.map((i) => i.code)],
    )
  ).rows;
  const byKey = new Map(rows.map((r) => [`${r.indicator_code}|${r.period}`, r]));
  let mismatches = 0;
  const examples = [];
  for (const [key, e] of workload.expected) {
    const r = byKey.get(key);
    const ok =
      r &&
      Number(r.count) === e.count &&
      Number(r.value_sum) === e.valueSum &&
      Number(r.numerator_sum) === e.numeratorSum &&
      Number(r.denominator_sum) === e.denominatorSum;
    if (!ok) {
      mismatches++;
      if (examples.length < 3) examples.push({ key, expected: e, found: r ?? null });
    }
  }
  return {
    ok: mismatches === 0,
    provinceAggregates: workload.expected.size,
    mismatches,
    ...(examples.length ? { examples } : {}),
  };
}

/**
 * Paced events, each a new cell: the province aggregate of its (indicator, period) counts one more value
 * per event, so a dx.indicator-aggregates.updated holding province 82's with valueCount >= k, received at T,
 * reflects the stream's events 1..k (one partition per indicator, consumed in order, each batch committed
 * whole): latency_k = T − send time of event k. The watcher joins before the first send, reading from
 * the end of the topic.
 */
async function measureLatency(catalogue, sampler, port) {
  const count = RATE * LATENCY_SECONDS;
  const events = latencyEvents({ catalogue, prefix, runId, count, order: ORDER, seed: SEED });
  const streams = new Map();
  for (const e of events) {
    if (!streams.has(e.stream)) streams.set(e.stream, { sentAt: [], resolved: 0 });
  }
  const latencies = [];
  const stages = { toTransaction: [], transactionToRelay: [], relayToRead: [] };
  let lastResolvedAt = 0;
  const watcher = await messaging.consumeRecordBatches(
    kafka,
    {
      groupId: `${prefix}bench-latency-watch`,
      topics: [`${prefix}dx.indicators.events`],
      fromBeginning: false,
      commit: 'none',
      maxWaitMs: 100,
    },
    async (batch) => {
      const received = now();
      for (const message of batch.records) {
        // Only aggregate events are decoded: the bench's own reading of the other events the service
        // publishes would take CPU from the service. Builds before dx.indicator-aggregates.updated
        // (BENCH_SERVICE_MAIN) published one dx.indicator-aggregate.updated per aggregate.
        const type = message.headers.ce_type;
        let aggregates;
        if (type === 'dx.indicator-aggregates.updated')
          aggregates = JSON.parse(message.value.toString('utf8')).aggregates;
        else if (
          type === 'dx.indicator-aggregate.updated' &&
          String(message.headers.ce_subject).split('/')[1] === PROVINCE_CODE
        )
          aggregates = [JSON.parse(message.value.toString('utf8'))];
        else continue;
        for (const e of aggregates) {
          if (e.orgUnitCode !== PROVINCE_CODE) continue;
          const s = streams.get(`${e.indicatorCode}|${e.period}`);
          if (!s) continue;
          // Stages: the aggregate's updatedAt is its transaction's start (now()), the record's timestamp the
          // relay's send.
          const txStart = Date.parse(e.updatedAt);
          const relayed = Number(message.timestamp);
          while (s.resolved < e.valueCount && s.resolved < s.sentAt.length) {
            latencies.push(received - s.sentAt[s.resolved]);
            stages.toTransaction.push(txStart - s.sentAt[s.resolved]);
            stages.transactionToRelay.push(relayed - txStart);
            stages.relayToRead.push(received - relayed);
            s.resolved++;
            lastResolvedAt = received;
          }
        }
      }
    },
  );
  await watcher.joined;
  await sleep(1000); // the group's offsets are reset to the topic's end after the join

  log(`latency: sending ${count} new-cell events at ${RATE}/s`);
  const start = now() + 20;
  const cpuFrom = start;
  let i = 0;
  let maxLagMs = 0;
  while (i < count) {
    const due = Math.min(count, Math.floor(((now() - start) * RATE) / 1000) + 1);
    if (due <= i) {
      await sleep(SEND_TICK_MS);
      continue;
    }
    // Sent in the request below, after which the sender waits a tick: what falls due meanwhile goes together.
    const t = now();
    maxLagMs = Math.max(maxLagMs, t - (start + (i * 1000) / RATE));
    const records = events.slice(i, due).map((e) => {
      e.message.headers.ce_time = new Date(t).toISOString();
      streams.get(e.stream).sentAt.push(t);
      return { topic: e.topic, record: e.message };
    });
    await kafka.send(records);
    i = due;
    if (i < count) await sleep(SEND_TICK_MS);
  }
  const sendEnd = now();
  const sendSeconds = (sendEnd - start) / 1000;
  while (latencies.length < count && now() - sendEnd < LATENCY_WAIT_MS) await sleep(50);
  const gaveUpAt = now();
  const cpuTo = Math.max(sendEnd, lastResolvedAt);
  const cpu = sampler.cores(cpuFrom, cpuTo);
  // What an event costs the service and its database: less sensitive to other work on the machine than latency.
  const cpuMsPerEvent = ((cpu.service + cpu.servicePg) * (cpuTo - cpuFrom)) / count;
  const metrics = await scrapeMetrics(port);
  await watcher.stop();
  // An event still not reflected counts with the time it has waited so far (its latency is at least that),
  // so a service that falls behind cannot look faster by leaving events out.
  const unresolved = [];
  for (const s of streams.values()) for (const sentAt of s.sentAt.slice(s.resolved)) unresolved.push(gaveUpAt - sentAt);
  const sorted = [...latencies, ...unresolved].sort((a, b) => a - b);
  return {
    rate: RATE,
    seconds: LATENCY_SECONDS,
    sent: count,
    achievedRate: round(count / sendSeconds, 0),
    maxSenderLagMs: round(maxLagMs, 0),
    measured: latencies.length,
    unresolved: unresolved.length,
    streams: streams.size,
    p50Ms: round(percentile(sorted, 50), 0),
    p90Ms: round(percentile(sorted, 90), 0),
    p99Ms: round(percentile(sorted, 99), 0),
    maxMs: round(sorted.at(-1) ?? null, 0),
    meanMs: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1), 0),
    stagesMs: Object.fromEntries(
      Object.entries(stages).map(([stage, values]) => {
        const ordered = values.sort((a, b) => a - b);
        return [stage, { p50: round(percentile(ordered, 50), 0), p99: round(percentile(ordered, 99), 0) }];
      }),
    ),
    batchMsP50: msOrNull(histogramQuantile(metrics, 'dx_consumer_batch_seconds', 'indicators-intake', 0.5)),
    cpuCores: cpu,
    serviceCpuMsPerEvent: round(cpuMsPerEvent, 3),
  };
}

function machineFacts() {
  const cpus = os.cpus();
  const pom = readFileSync(join(ROOT, 'infra/kafka/pom.xml'), 'utf8');
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    loadAverage1mAtStart: round(os.loadavg()[0], 2),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    kafka: pom.match(/<kafka\.version>([^<]+)<\/kafka\.version>/)?.[1] ?? 'unknown',
    kafkajs: JSON.parse(readFileSync(join(ROOT, 'node_modules/kafkajs/package.json'), 'utf8')).version,
    // The code measured: the checkout the service's dist/ was built from.
    serviceCheckout: relative(ROOT, SERVICE_ROOT) || '.', // relative: the results travel with the repository
    gitCommit: git(['rev-parse', '--short', 'HEAD']),
    gitUncommittedFiles: (git(['status', '--porcelain', '--', 'apps', 'libs']) ?? '').split('\n').filter(Boolean)
      .length,
  };
}

function git(args) {
  const r = spawnSync('git', args, { cwd: SERVICE_ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function reproduceCommand() {
  const set = Object.keys(env)
    .filter(
      (k) =>
        (k.startsWith('BENCH_') && k !== 'BENCH_WRITE_RESULTS' && k !== 'BENCH_KEEP') ||
        /^KAFKA_(BROKERS|PORT|CONTROLLER_PORT|DATA_DIR)$/.test(k),
    )
    .sort()
    .map((k) => `${k}=${env[k]}`);
  return [...set, 'npm run bench:indicators'].join(' ');
}

// ---------------------------------------------------------------- RESULTS.md

const SECTION_START = '<!-- indicators-bench:start (written by bench/indicators/run.mjs) -->';
const SECTION_END = '<!-- indicators-bench:end -->';
const HISTORY_START = '<!-- history: one row per run, newest first; the bench adds a row -->';
const HISTORY_END = '<!-- /history -->';

async function writeResults(r) {
  const previous = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '';
  const oldRows =
    previous.includes(HISTORY_START) && previous.includes(HISTORY_END)
      ? previous
          .slice(previous.indexOf(HISTORY_START) + HISTORY_START.length, previous.indexOf(HISTORY_END))
          .split('\n')
          .filter((l) => l.startsWith('| 20'))
      : [];
  const yes = (b) => (b ? 'met' : '**not met**');
  const s = r.service;
  const row = `| ${r.date.slice(0, 16).replace('T', ' ')} | ${r.N} | ${r.eventsPerSec} | ${r.ceilingEventsPerSec} | ${r.naiveEventsPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${r.machine.cores} | ${r.machine.gitCommit}${r.machine.gitUncommittedFiles ? ` (+${r.machine.gitUncommittedFiles} uncommitted)` : ''} | \`${r.command}\` |`;
  const section = `${SECTION_START}

## Indicators intake (\`npm run bench:indicators\`)

Issue 4, point 6: the indicators service's intake against the transport's ceiling and a naive handler, measured
in one run on the same machine, one process at a time. This file is written by \`bench/indicators/run.mjs\`; the
figures below are the last run's, as measured (nothing here is edited by hand).

### Last run

- **Date:** ${r.date}
- **Command:** \`${r.command}\` (from the repository root; the npm script builds first)
- **Machine:** ${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB, ${r.machine.platform}; Node ${r.machine.node}; load average ${r.machine.loadAverage1mAtStart} at start
- **Broker:** Apache Kafka ${r.broker.kafka} (single KRaft node, \`${r.broker.brokers}\`, infra/kafka), ${r.broker.partitionsPerTopic} partitions per topic; kafkajs ${r.broker.kafkajs}
- **Database:** PostgreSQL ${r.postgres} on 127.0.0.1 (synchronous commit on)
- **Code:** commit ${r.machine.gitCommit}${r.machine.gitUncommittedFiles ? `, with ${r.machine.gitUncommittedFiles} uncommitted file(s) under apps/ and libs/ in the working tree` : ', clean working tree'}${r.machine.serviceCheckout === ROOT ? '' : ` (the service built in ${r.machine.serviceCheckout})`}

| measure | result | target (2 cores) | |
| --- | --- | --- | --- |
| service intake, events/s (N = ${r.N}) | **${r.eventsPerSec}** | ≥ 20,000 | ${yes(r.targets.eventsPerSec)} |
| (a) ceiling: decode-and-count consumer, events/s | ${r.ceilingEventsPerSec} | | |
| service / ceiling | ${(r.ofCeiling * 100).toFixed(1)} % | ≥ 40 % | ${yes(r.targets.ofCeiling)} |
| (b) naive one-transaction-per-event, events/s (first ${r.naive.events} events) | ${r.naiveEventsPerSec} | | |
| service / naive | ${r.timesNaive}× | ≥ 10× | ${yes(r.targets.timesNaive)} |
| event → province aggregate latency at ${r.latency.rate}/s, p50 | ${r.p50Ms} ms | | |
| event → province aggregate latency at ${r.latency.rate}/s, p99 | ${r.p99Ms} ms | < 250 ms | ${yes(r.targets.p99Ms)} |

Details of the service's run: ${s.seconds} s from its first batch to its last commit (${s.eventsPerSecMiddle80 ?? '–'} events/s between 10 % and 90 % of
the events); ${s.batches} batches, ${s.meanBatchEvents} events and ${s.meanBatchMs} ms each on average (p50 ≤ ${s.batchMsP50} ms, p99 ≤ ${s.batchMsP99} ms by histogram bucket), batch work
${Math.round(s.busyShare * 100)} % of the wall time; ${s.reportsApplied} reports applied, ${s.reportsDuplicate} duplicates, ${s.reportsRejected} rejected, ${s.deadLettered} dead-lettered.
Province aggregates checked against the sums of the events sent: ${s.verified.ok ? `all ${s.verified.provinceAggregates} match` : `**${s.verified.mismatches} of ${s.verified.provinceAggregates} differ**`}.
CPU during intake, in cores (1.0 = one core busy): machine ${s.cpuCores.machine}, service ${s.cpuCores.service}, its PostgreSQL backends ${s.cpuCores.servicePg}, broker ${s.cpuCores.broker}, bench ${s.cpuCores.bench}, anything else ${s.cpuCores.other}.
The service wrote ${s.aggregateEventsAtIntakeEnd} events to its outbox during intake; ${s.aggregateEventsUnpublishedAtIntakeEnd} were still unpublished when the
last offset was committed, and the relay needed ${s.outboxDrainSeconds} s more to publish them (${s.aggregateEventsTotal} in all, carrying ${s.aggregateChangesTotal} aggregate changes).
The background work the intake left (standings, scores, completeness counts and their events) was done ${s.settledAfterSeconds} s after the last commit; the latency run
started then. Startup (migrations, seeds) is not
counted: the service began consuming ${s.consumingAfterSpawnSeconds} s after it was spawned.

Latency run: ${r.latency.sent} events sent at ${r.latency.achievedRate}/s (sender at most ${r.latency.maxSenderLagMs} ms behind schedule), ${r.latency.measured} measured${r.latency.unresolved ? ` and **${r.latency.unresolved} not reflected within 30 s of the last send** (counted with the time they had waited, so the percentiles are lower bounds)` : ''} over
${r.latency.streams} (indicator, period) streams; p90 ${r.latency.p90Ms} ms, max ${r.latency.maxMs} ms, mean ${r.latency.meanMs} ms. CPU: machine ${r.latency.cpuCores.machine}, service ${r.latency.cpuCores.service},
its PostgreSQL backends ${r.latency.cpuCores.servicePg}, broker ${r.latency.cpuCores.broker}, bench ${r.latency.cpuCores.bench}, anything else ${r.latency.cpuCores.other}
(${r.latency.serviceCpuMsPerEvent} CPU ms per event for the service and its backends). Stages, p50/p99 ms: send → transaction start
${r.latency.stagesMs.toTransaction.p50}/${r.latency.stagesMs.toTransaction.p99}, → relay send ${r.latency.stagesMs.transactionToRelay.p50}/${r.latency.stagesMs.transactionToRelay.p99}, → read ${r.latency.stagesMs.relayToRead.p50}/${r.latency.stagesMs.relayToRead.p99}.

Baselines: the ceiling is the best of ${r.ceiling.reads.length} reads of all ${r.ceiling.events} events (${r.ceiling.reads.join(', ')} events/s); the best took ${r.ceiling.seconds} s (${r.ceiling.batches} batches, ${r.ceiling.cpuSeconds} CPU s; CPU machine ${r.ceiling.cpuCores.machine}, consumer ${Object.entries(r.ceiling.cpuCores).find(([k]) => k.startsWith('ceiling'))?.[1] ?? '–'}, broker ${r.ceiling.cpuCores.broker}, anything else ${r.ceiling.cpuCores.other}). The naive handler
took ${r.naive.seconds} s for ${r.naive.events} events (${r.naive.applied} applied, ${r.naive.superseded} superseded, ${r.naive.duplicates} duplicates, ${r.naive.rejected} rejected); CPU machine ${r.naive.cpuCores.machine},
naive process ${r.naive.cpuCores.naive}, its PostgreSQL backend ${r.naive.cpuCores.naivePg}, anything else ${r.naive.cpuCores.other}.

The whole JSON line of the run is at the end of this file.

### Method

- **Events.** N agency reports (\`BENCH_EVENTS\`, default 200,000) as the agencies send them: CloudEvents in binary
  mode, key = indicator code, on \`dx.agency.<agency>.indicator-values\` (${r.workload.topics} agencies' topics: ${r.workload.agencies.join(', ')},
  each indicator on its responsible agency's topic; ${r.workload.partitions} partitions). ${r.workload.indicators} indicators with a SUM or RATIO rule
  (monthly, quarterly, six-monthly and yearly), the 11 district-level units and 164 communes of Tiền Giang, periods
  ${r.workload.throughputYears}. Order \`${r.workload.order}\`: cells come in submissions — one indicator, one period, one district and its
  communes, as a district reports them — shuffled (\`BENCH_ORDER=random\` shuffles single cells instead, the worst case
  for batching). Mix (seed ${r.workload.seed}): ${r.workload.newCells} new cells, ${r.workload.corrections} corrections (a new report for a cell already sent,
  with a later \`ce_time\`), ${r.workload.resends} exact re-sends of an earlier event (same \`ce_id\`); ${r.workload.distinctCells} distinct cells in all.
  They are published (in ${r.workload.publishSeconds} s) before any consumer runs.
- **(a) Ceiling.** \`bench/indicators/ceiling-consumer.mjs\`, its own process and consumer group: the messaging lib's raw record batches (kafkajs \`eachBatch\`) with the
  service's fetch settings (1 MiB per partition, one partition at a time), \`JSON.parse\` of each value, the \`ce_*\` and
  content-type headers read, a count. No validation, no database, no offset commits. Timed from its first batch to the
  batch that brought the count to N; read ${r.ceiling.reads.length} times (a fresh process and group each), the best read counts.
- **(b) Naive.** \`bench/indicators/naive-consumer.mjs\`, its own process, consumer group and database: per event, BEGIN; insert
  the report (dedupe on source and id); \`SELECT … FOR UPDATE\` the cell's current value; upsert it; move the aggregate of
  the org unit, its district and the province by the difference, one statement each; COMMIT. Prepared statements, one
  connection, catalogue and hierarchy in memory, offsets committed per batch. It does less than the service (no outbox
  events, no roll-up over time), which only flatters it. Timed from its first batch to its ${r.naive.events}th event.
- **Service.** \`node dist/apps/indicators/src/main.js\` on a fresh database and topic prefix, started with all N events
  waiting (LOG_LEVEL=warn, default pool and batch settings). Throughput = N / (time the last offset was committed −
  start of its first batch's transaction). The end is found by polling the consumer group's committed offsets every
  20 ms (a commit follows the batch's transaction); the start is \`min(received_at)\` of the stored reports (the first
  transaction's \`now()\`), so start-up, migrations and seeding are excluded. Then the province aggregates of every
  (indicator, period) are compared with the sums of the last value sent per cell.
- **Latency.** Once the intake's background work is done (its queues empty, its outbox published), the same service gets ${r.latency.sent} new events paced at ${r.latency.rate}/s for ${r.latency.seconds} s, every one a
  new cell of periods ${r.workload.latencyYears} (untouched before), in the same order of submissions. The province aggregate of an
  (indicator, period) then counts one more value per event; the bench reads \`dx.indicators.events\` and, when the province's
  aggregate for it arrives (in a \`dx.indicator-aggregates.updated\`) with \`valueCount\` ≥ k at time T, events 1..k of that stream are reflected
  (one partition per indicator, consumed in order, batches applied whole): latency_k = T − the time event k was handed to
  the producer, which sends what is due, then waits ${SEND_TICK_MS} ms (what falls due meanwhile goes in one request). It covers the producer's acknowledgement, the intake, the transaction, the outbox relay and the delivery
  of the aggregate event. Only aggregate events are decoded (chosen by their \`ce_type\` header), so the watcher's own
  work stays small. Stages per event, p50/p99: send → the aggregate's transaction start
  (its \`updatedAt\`, the transaction's \`now()\`: transport, fetch, waiting for the group commit), → the relay's send (the
  record's timestamp: the transaction and the outbox relay), → read by the bench. CPU per event: the cores of the
  service and its PostgreSQL backends over the run, times its length, over the events sent.
- **CPU.** Sampled from /proc every 200 ms per process (service, its PostgreSQL backends, broker, bench) and for the machine
  (PostgreSQL backends found by their process title, looked up once a second).

### Runs

${HISTORY_START}

| date (UTC) | N | events/s | ceiling | naive | p50 ms | p99 ms | cores | code | command |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${[row, ...oldRows].join('\n')}

${HISTORY_END}

### Last run's JSON

\`\`\`json
${JSON.stringify(r)}
\`\`\`

${SECTION_END}`;
  await writeSection(RESULTS_FILE, SECTION_START, SECTION_END, section);
}

// ---------------------------------------------------------------- cleanup

async function cleanup() {
  for (const child of children) child.kill('SIGKILL');
  if (KEEP) {
    log(`kept: topics and groups with prefix ${prefix}, databases ${serviceDb} and ${naiveDb}`);
  } else {
    try {
      const own = kafkaGateway(`bench-${runId}-cleanup`, prefix);
      await own.deleteOwnTopics();
      await own.deleteOwnGroups();
      await own.close();
    } catch (error) {
      log(`could not delete the bench's topics (${prefix}*): ${error.message}`);
    }
    for (const name of [serviceDb, naiveDb]) {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((error) =>
        log(`could not drop ${name}: ${error.message}`),
      );
    }
  }
  await kafka.close().catch(() => {});
  if (startedBroker) {
    log('stopping the broker this run started');
    spawnSync('bash', [KAFKA_SH, 'stop'], {
      stdio: ['ignore', 2, 2],
      env: { ...env, KAFKA_PORT: BROKERS[0].split(':')[1] },
    });
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

let exitCode = 0;
try {
  const result = await main();
  await cleanup();
  if (WRITE_RESULTS) {
    await writeResults(result);
    log(`wrote ${RESULTS_FILE}`);
  }
  console.log(JSON.stringify(result));
} catch (error) {
  log(`failed: ${error.stack ?? error}`);
  await cleanup();
  exitCode = 1;
}
process.exit(exitCode);
