#!/usr/bin/env node
// `npm run bench:indicators`: the indicators service's intake against its baselines and its floor, in one run, on
// this machine (issue 4, point 6; issue 19, point 4). Expects a built dist/ (the npm script builds first).
//
// 1. Publishes N agency events (BENCH_EVENTS, default 200,000) to fresh topics (prefix bench<run>.).
// 2. Baseline (a), the transport's ceiling: a consumer that only decodes and counts reads all N.
// 3. Baseline (b), naive: one PostgreSQL transaction per event, on the first BENCH_NAIVE_EVENTS (20,000).
// 4. The database's floor: floor.mjs's "time" step, at the service's own reports per transaction.
// 5. The service (dist/apps/indicators) starts on a fresh database with the N events waiting and
//    consumes them: events/s from its first batch's transaction to the commit of the last offset.
// 6. The same service then takes new events paced at 1,000/s and at BENCH_RATE/s (2,000), each for
//    BENCH_LATENCY_SECONDS (20): latency from each send to the dx.indicator-aggregates.updated event with the
//    province's aggregate that reflects it (latency.mjs); then BENCH_READERS (50) readers of GET /v1/aggregates
//    while it takes 1,000 events/s (reads-under-load.mjs).
// 7. The grown database (grown.mjs): BENCH_GROWN_REPORTS (1,000,000) stored reports over 2010–2024, then 5 and 6's
//    intake and paced runs again on it, on topics of their own (prefix bench<run>g.).
// 8. `recompute.js --check` (npm run recompute:indicators -- --check) on both databases: differences found.
// The measurements run one after another, each process stopped before the next. Autovacuum is on for the run
// (autovacuum.mjs). Progress goes to stderr; the results are the last line on stdout (one JSON object) and
// bench/RESULTS.md (BENCH_WRITE_RESULTS=0 leaves it alone). Everything it creates — topics, consumer groups,
// databases — is removed at the end (BENCH_KEEP=1 keeps them).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { autovacuumActivity, turnAutovacuumOn } from './autovacuum.mjs';
import { cpuSampler } from './cpu-sampler.mjs';
import { floorWorkload, measureFloorStep } from './floor.mjs';
import { prepareGrownDatabase, runRecompute } from './grown.mjs';
import { logLatency, measureLatency } from './latency.mjs';
import {
  log,
  kafkaGateway,
  BROKERS,
  now,
  sleep,
  brokerPid,
  round,
  lastJsonLine,
  positiveIntEnv,
  freePort,
  stopProcess,
  endOffsets,
} from './lib.mjs';
import { readsUnderLoad } from './reads-under-load.mjs';
import { writeIndicatorsResults } from './results-writer.mjs';
import { measureIntake, metricSum, scrapeMetrics, serviceSettings, settle } from './service-run.mjs';
import { verifyGrownIntake, verifyProvinceSums } from './verify.mjs';
import { agencyTopic, loadCatalogue, throughputEvents, THROUGHPUT_YEARS, LATENCY_YEARS } from './workload.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const SEEDS_DIR = join(ROOT, 'seeds');
// BENCH_SERVICE_MAIN runs another build of the service (another checkout's dist/), e.g. to compare commits.
const SERVICE_MAIN = resolve(process.env.BENCH_SERVICE_MAIN ?? join(ROOT, 'dist/apps/indicators/src/main.js'));
const SERVICE_ROOT = resolve(dirname(SERVICE_MAIN), '../../../..');
// The same build's recompute command (npm run recompute:indicators).
const RECOMPUTE_JS = join(dirname(SERVICE_MAIN), 'recompute.js');
const KAFKA_SH = join(ROOT, 'infra/kafka/kafka.sh');

const env = process.env;
const N = positiveIntEnv('BENCH_EVENTS', 200_000);
const NAIVE_N = Math.min(positiveIntEnv('BENCH_NAIVE_EVENTS', 20_000), N);
const RATE = positiveIntEnv('BENCH_RATE', 2_000);
const LATENCY_SECONDS = positiveIntEnv('BENCH_LATENCY_SECONDS', 20);
const READERS = positiveIntEnv('BENCH_READERS', 50);
// 0 leaves the grown database out (a shorter run; its figures are then null and its targets not met).
const GROWN_REPORTS = env.BENCH_GROWN_REPORTS === '0' ? 0 : positiveIntEnv('BENCH_GROWN_REPORTS', 1_000_000);
const SEED = positiveIntEnv('BENCH_SEED', 1);
const ORDER = env.BENCH_ORDER ?? 'submissions';
const PG_ADMIN_URL = env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KEEP = env.BENCH_KEEP === '1';
const WRITE_RESULTS = env.BENCH_WRITE_RESULTS !== '0';
const CEILING_RUNS = 3;
/** The second paced rate of issue 19 (point 4 d), and the rate the service takes while it is being read (4 c). */
const LOW_RATE = 1_000;
const PARTITIONS = 3; // what the service creates its topics with (KAFKA_TOPIC_PARTITIONS default)
/** Issue 19, point 5: each read from one run, on 2 cores. */
const TARGETS = {
  ofFloor: 0.4,
  timesNaive: 5,
  p99MsAt1000: 500,
  p99Ms: 1_000,
  grownOfFresh: 0.8,
  grownP99MsAt1000: 1_000,
  readP99Ms: 50,
};

const runId = randomBytes(4).toString('hex');
const prefix = `bench${runId}.`;
// The service takes a prefix of one segment ("staging."): the grown run's is its own, cleaned up alike.
const grownPrefix = `bench${runId}g.`;
const serviceDb = `dxhub_bench_${runId}`;
const naiveDb = `dxhub_bench_${runId}_naive`;
const grownDb = `dxhub_bench_${runId}_grown`;
const workDir = join(ROOT, 'bench', 'out', `indicators-${runId}`); // git-ignored: the service's log of the run
const kafka = kafkaGateway(`bench-${runId}`);
const children = new Set();
let startedBroker = false;
let autovacuum = { restore: async () => {} };

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

/** Publishes a workload's events (already built for their topics) and checks they all arrived. */
async function publish(events, topics, topicPrefix) {
  await kafka.ensureTopics(topics); // PARTITIONS each: the lib's default KAFKA_TOPIC_PARTITIONS
  const started = now();
  const CHUNK = 4000;
  for (let i = 0; i < events.length; i += CHUNK) {
    await kafka.send(events.slice(i, i + CHUNK).map((e) => ({ topic: e.topic, record: e.message })));
  }
  const seconds = (now() - started) / 1000;
  const ends = await endOffsets(kafka, topics);
  const onTopics = Number([...ends.values()].reduce((a, b) => a + b, 0n));
  if (onTopics !== events.length) throw new Error(`expected ${events.length} events on the topics, found ${onTopics}`);
  log(`per partition: ${[...ends.entries()].map(([k, v]) => `${k.slice(topicPrefix.length)}=${v}`).join(' ')}`);
  return { seconds, ends };
}

/**
 * The service's reports per intake transaction (INTAKE_MAX_REPORTS_PER_TRANSACTION): BENCH_SERVICE_ENV's, or the
 * default of the build measured, read from its config class.
 */
function serviceReportsPerTransaction() {
  const set = serviceSettings().INTAKE_MAX_REPORTS_PER_TRANSACTION;
  if (set !== undefined) return Number(set);
  const config = join(dirname(SERVICE_MAIN), 'config/indicators.config.js');
  const { IndicatorsConfig } = createRequire(import.meta.url)(config);
  const value = new IndicatorsConfig().INTAKE_MAX_REPORTS_PER_TRANSACTION;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${config}: no INTAKE_MAX_REPORTS_PER_TRANSACTION`);
  return value;
}

/** recompute.js --check on a database whose service is stopped: the differences it finds. */
function recomputeCheck(database, name) {
  return runRecompute({
    recomputeJs: RECOMPUTE_JS,
    databaseUrl: dbUrl(database),
    check: true,
    outFile: join(workDir, `recompute-check-${name}.json`),
    cwd: SERVICE_ROOT,
  });
}

// ---------------------------------------------------------------- the run

async function main() {
  if (!existsSync(SERVICE_MAIN)) throw new Error(`${SERVICE_MAIN} is missing: run npm run build first`);
  mkdirSync(workDir, { recursive: true });
  const startedAt = new Date();
  const runStart = now();
  const facts = machineFacts();
  log(
    `run ${runId}: N=${N}, naive=${NAIVE_N}, paced ${LOW_RATE}/s and ${RATE}/s for ${LATENCY_SECONDS} s each, ${READERS} readers, grown database of ${GROWN_REPORTS || 'no'} reports, order=${ORDER}, seed=${SEED}; ${facts.cores} cores, node ${facts.node}; logs in ${workDir}`,
  );
  autovacuum = await turnAutovacuumOn(PG_ADMIN_URL);
  log(
    `autovacuum: on for the run${autovacuum.changed ? ` (the server had it ${autovacuum.before}: ALTER SYSTEM, put back at the end)` : ''}`,
  );
  const sampler = cpuSampler();
  sampler.track('bench', () => [process.pid]);

  await ensureBroker();
  sampler.track('broker', () => [brokerPid(ROOT)].filter(Boolean));
  sampler.trackPostgresBackground('pgWal');
  sampler.trackAutovacuum('autovacuum');
  const pgVersion = (await adminQuery('SHOW server_version'))[0].server_version;

  // ---- 1. the events
  const catalogue = loadCatalogue(SEEDS_DIR);
  const workload = throughputEvents({ catalogue, prefix, runId, count: N, order: ORDER, seed: SEED });
  const topicsOf = (topicPrefix) =>
    [...new Set(catalogue.indicators.map((i) => agencyTopic(topicPrefix, i.agency)))].sort();
  const topics = topicsOf(prefix);
  const { seconds: produceSeconds, ends } = await publish(workload.events, topics, prefix);
  log(
    `published ${N} events in ${produceSeconds.toFixed(1)} s to ${topics.length} topics x ${PARTITIONS} partitions: ` +
      `${workload.newCells} new cells, ${workload.corrections} corrections, ${workload.resends} exact re-sends`,
  );
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

  // ---- 4. the database's floor: the same events, floor.mjs's "time" step, as many per transaction as the service
  const floorBatch = serviceReportsPerTransaction();
  log(`floor: the "time" step over the same ${N} events, ${floorBatch} reports per transaction (the service's)`);
  const floorAdmin = new pg.Client({ connectionString: PG_ADMIN_URL, application_name: 'bench-floor' });
  await floorAdmin.connect();
  const floor = await measureFloorStep({
    admin: floorAdmin,
    adminUrl: PG_ADMIN_URL,
    runId,
    step: 'time',
    batchSize: floorBatch,
    workload: floorWorkload({ catalogue, count: N, order: ORDER, seed: SEED }),
  }).finally(() => floorAdmin.end());
  log(`floor: ${floor.twoCoreEventsPerSec} events/s on 2 cores at most (${floor.eventsPerSec} on one connection)`);

  // ---- 5. the service, with all N events waiting
  const port = await freePort();
  const fresh = await measureIntake({
    main: SERVICE_MAIN,
    databaseUrl: dbUrl(serviceDb),
    database: serviceDb,
    prefix,
    topics,
    ends,
    N,
    kafka,
    sampler,
    children,
    port,
    logFile: join(workDir, 'indicators.log'),
    verify: (db) => verifyProvinceSums(db, workload, catalogue),
    log,
  });
  // Autovacuum as the service's database sees it (point 6).
  const autovacuumSeen = (await fresh.db.query('SHOW autovacuum')).rows[0].autovacuum;
  log(`autovacuum on the service's database connection: ${autovacuumSeen}`);

  // ---- 6. latency at 1,000/s and BENCH_RATE/s, then reads under load at 1,000/s, each from a settled service
  const paced = { kafka, catalogue, sampler, port, prefix, runId, seconds: LATENCY_SECONDS, order: ORDER, seed: SEED };
  const freshPaced = await pacedRuns(fresh.db, paced, 'fresh');
  const reading = await readsUnderLoad({
    here: HERE,
    databaseUrl: dbUrl(serviceDb),
    readers: READERS,
    children,
    ...paced,
    rate: LOW_RATE,
    skip: freshPaced.cellsSent,
    log,
  });
  const r = reading.reads;
  log(
    `reads under load (${READERS} readers, events at ${LOW_RATE}/s): ${r.reads} reads (${r.readsPerSec}/s), p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ` +
      `${r.not200} not 200 (${JSON.stringify(r.statuses)}); the events' p99 ${reading.latency.p99Ms} ms`,
  );
  const freshEnd = await stopAndCheck(fresh, 'fresh', serviceDb, port);

  // ---- 7. the grown database: the same intake and paced runs on 1,000,000 stored reports
  const grown = GROWN_REPORTS > 0 ? await grownRuns({ catalogue, sampler, topicsOf }) : null;
  sampler.stop();

  const p99Met = (latency, target) =>
    latency != null && latency.p99Ms !== null && latency.p99Ms < target && latency.measured === latency.sent;
  const checks = { fresh: freshEnd.recompute, ...(grown ? { grown: grown.recompute } : {}) };
  const recomputeDifferences = Object.values(checks).reduce((sum, c) => sum + c.differences, 0);
  const eventsPerSec = fresh.figures.eventsPerSec;
  const result = {
    bench: 'indicators',
    date: startedAt.toISOString(),
    command: reproduceCommand(),
    N,
    eventsPerSec,
    floorEventsPerSec: floor.twoCoreEventsPerSec,
    naiveEventsPerSec: round(naive.eventsPerSec, 0),
    ceilingEventsPerSec: round(ceiling.eventsPerSec, 0),
    p50Ms: freshPaced.high.p50Ms,
    p99Ms: freshPaced.high.p99Ms,
    p50MsAt1000: freshPaced.low.p50Ms,
    p99MsAt1000: freshPaced.low.p99Ms,
    grownEventsPerSec: grown?.intake.eventsPerSec ?? null,
    grownP99MsAt1000: grown?.latencyAt1000.p99Ms ?? null,
    grownP99Ms: grown?.latency.p99Ms ?? null,
    readP50Ms: r.p50Ms,
    readP99Ms: r.p99Ms,
    recomputeDifferences,
    autovacuum: autovacuumSeen,
    ofFloor: round(eventsPerSec / floor.twoCoreEventsPerSec, 3),
    ofCeiling: round(eventsPerSec / ceiling.eventsPerSec, 3),
    timesNaive: round(eventsPerSec / naive.eventsPerSec, 1),
    grownOfFresh: grown ? round(grown.intake.eventsPerSec / eventsPerSec, 3) : null,
    targets: {
      ofFloor: eventsPerSec >= TARGETS.ofFloor * floor.twoCoreEventsPerSec,
      timesNaive: eventsPerSec >= TARGETS.timesNaive * naive.eventsPerSec,
      p99MsAt1000: p99Met(freshPaced.low, TARGETS.p99MsAt1000),
      p99Ms: p99Met(freshPaced.high, TARGETS.p99Ms),
      grownOfFresh: grown !== null && grown.intake.eventsPerSec >= TARGETS.grownOfFresh * eventsPerSec,
      grownP99MsAt1000: p99Met(grown?.latencyAt1000, TARGETS.grownP99MsAt1000),
      readP99Ms: r.p99Ms !== null && r.p99Ms < TARGETS.readP99Ms && r.not200 === 0,
      recomputeDifferences: recomputeDifferences === 0 && grown !== null,
    },
    targetValues: TARGETS,
    service: { ...fresh.figures, deadLettered: freshEnd.deadLettered },
    floor: { ...floor, step: 'time', reportsPerTransaction: floorBatch },
    ceiling: {
      events: ceiling.events,
      seconds: round(ceiling.seconds, 2),
      batches: ceiling.batches,
      cpuSeconds: round(ceiling.cpuSeconds, 2),
      cpuCores: ceiling.cpuCores,
      reads: ceilingRuns.map((c) => round(c.eventsPerSec, 0)),
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
    latency: freshPaced.high,
    latencyAt1000: freshPaced.low,
    reads: { ...r, events: reading.latency },
    grown,
    recompute: checks,
    autovacuumRun: {
      seenByTheService: autovacuumSeen,
      serverHadIt: autovacuum.before,
      turnedOnForTheRun: autovacuum.changed,
      fresh: freshEnd.autovacuum,
      ...(grown ? { grown: grown.autovacuum } : {}),
    },
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
    runSeconds: round((now() - runStart) / 1000, 0),
  };
  return result;
}

/**
 * Latency at LOW_RATE and at RATE on a running service whose intake settled, each run starting once the
 * service's background work of the one before is done. Returns both and how many latency cells they used.
 */
async function pacedRuns(db, paced, name) {
  const low = await measureLatency({ ...paced, rate: LOW_RATE, skip: 0, label: `${name}-${LOW_RATE}`, log });
  logLatency(log, name, low);
  await settle(db, now());
  const high = await measureLatency({ ...paced, rate: RATE, skip: low.sent, label: `${name}-${RATE}`, log });
  logLatency(log, name, high);
  await settle(db, now());
  return { low, high, cellsSent: low.sent + high.sent };
}

/**
 * After a database's runs: the service's dead-lettered count and what autovacuum did there, the service stopped,
 * then `recompute.js --check` on its database.
 */
async function stopAndCheck(run, name, database, port) {
  const deadLettered = metricSum(await scrapeMetrics(port), 'dx_messages_dead_lettered_total');
  const activity = await autovacuumActivity(run.db, 'indicators');
  await run.db.end();
  await stopProcess(run.service);
  log(`recompute --check on the ${name} database`);
  const recompute = await recomputeCheck(database, name);
  log(`recompute --check (${name}): ${recompute.differences} differences (${recompute.seconds.toFixed(1)} s)`);
  return { deadLettered, autovacuum: activity, recompute };
}

/** Step 7: the grown database built, then the fresh run's intake and paced runs on it. */
async function grownRuns({ catalogue, sampler, topicsOf }) {
  const topics = topicsOf(grownPrefix);
  await kafka.ensureTopics(topics); // empty until the database is ready: the service starts twice before that
  const port = await freePort();
  const load = await prepareGrownDatabase({
    adminQuery,
    database: grownDb,
    databaseUrl: dbUrl(grownDb),
    main: SERVICE_MAIN,
    recomputeJs: RECOMPUTE_JS,
    root: SERVICE_ROOT,
    prefix: grownPrefix,
    catalogue,
    total: GROWN_REPORTS,
    seed: SEED,
    workDir,
    children,
    port,
    log,
  });
  log(
    `grown: ${load.reports} reports over ${load.cells} cells, ${load.databaseMiB} MiB, ready in ${load.totalSeconds} s (${JSON.stringify(load.seconds)})`,
  );
  // The fresh run's events again (same seed): on the grown database every one of their cells holds a value already.
  const workload = throughputEvents({ catalogue, prefix: grownPrefix, runId, count: N, order: ORDER, seed: SEED });
  const { ends } = await publish(workload.events, topics, grownPrefix);
  workload.events.length = 0;
  const run = await measureIntake({
    main: SERVICE_MAIN,
    databaseUrl: dbUrl(grownDb),
    database: grownDb,
    prefix: grownPrefix,
    topics,
    ends,
    N,
    kafka,
    sampler,
    children,
    port,
    logFile: join(workDir, 'indicators-grown.log'),
    verify: (db) => verifyGrownIntake(db, workload),
    log,
  });
  const paced = {
    kafka,
    catalogue,
    sampler,
    port,
    prefix: grownPrefix,
    runId,
    seconds: LATENCY_SECONDS,
    order: ORDER,
    seed: SEED,
  };
  const grownPaced = await pacedRuns(run.db, paced, 'grown');
  const end = await stopAndCheck(run, 'grown', grownDb, port);
  return {
    prefix: grownPrefix,
    load,
    intake: { ...run.figures, deadLettered: end.deadLettered },
    latencyAt1000: grownPaced.low,
    latency: grownPaced.high,
    autovacuum: end.autovacuum,
    recompute: end.recompute,
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

// ---------------------------------------------------------------- cleanup

async function cleanup() {
  for (const child of children) child.kill('SIGKILL');
  if (KEEP) {
    log(
      `kept: topics and groups with prefixes ${prefix} and ${grownPrefix}, databases ${serviceDb}, ${naiveDb} and ${grownDb}`,
    );
  } else {
    for (const own of [prefix, grownPrefix]) {
      try {
        const gateway = kafkaGateway(`bench-${runId}-cleanup`, own);
        await gateway.deleteOwnTopics();
        await gateway.deleteOwnGroups();
        await gateway.close();
      } catch (error) {
        log(`could not delete the bench's topics (${own}*): ${error.message}`);
      }
    }
    // Every database of the run: the service's, the naive baseline's, the floor's and the grown one.
    const names = await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `dxhub\\_bench\\_${runId}%`,
    ]).catch(() => [{ datname: serviceDb }, { datname: naiveDb }, { datname: grownDb }]);
    for (const { datname } of names) {
      await adminQuery(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch((error) =>
        log(`could not drop ${datname}: ${error.message}`),
      );
    }
  }
  await autovacuum.restore().catch((error) => log(`could not put autovacuum back: ${error.message}`));
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
    await writeIndicatorsResults(result, { root: ROOT, serviceRoot: SERVICE_ROOT });
    log('wrote bench/RESULTS.md');
  }
  console.log(JSON.stringify(result));
} catch (error) {
  log(`failed: ${error.stack ?? error}`);
  await cleanup();
  exitCode = 1;
}
process.exit(exitCode);
