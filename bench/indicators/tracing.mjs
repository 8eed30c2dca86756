#!/usr/bin/env node
// `npm run bench:indicators:tracing`: the indicators intake with tracing off and on, back to back in one run,
// on the same events (issue 21: tracing must not slow the intake by more than 10 %). Expects a built dist/.
//
// Publishes N agency events (BENCH_EVENTS, default 30,000) twice: as the workload sends them (no trace context)
// and each with a ce_traceparent of its own. The service (dist/apps/indicators) then consumes all N
// BENCH_ROUNDS times (default 3) in each of three modes — off; on (the events without trace context); traced (on,
// the events with it) — each round starting one mode later (so a drift of the machine's load weighs on every
// mode alike), each time on a fresh database and consumer group with all N events waiting.
// Tracing on: OTEL_EXPORTER_OTLP_ENDPOINT points at an OTLP receiver in this process that takes and discards
// what it gets (it only counts requests and bytes). Per run: events/s between 10 % and 90 % of the events
// committed (startup excluded), and the CPU the service process spent per event in that window. Writes its
// section of bench/RESULTS.md (BENCH_WRITE_RESULTS=0 does not) and prints the result as one JSON line. Needs the
// broker to be up; it never starts or stops one.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  committedCount,
  endOffsets,
  freePort,
  kafkaGateway,
  log,
  now,
  positiveIntEnv,
  processCpuSeconds,
  round,
  sleep,
  spawnIndicators,
  stopProcess,
} from './lib.mjs';
import { agencyTopic, loadCatalogue, throughputEvents } from './workload.mjs';
import { writeSection } from '../results-file.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const SERVICE_MAIN = join(ROOT, 'dist/apps/indicators/src/main.js');
const RESULTS_FILE = join(ROOT, 'bench', 'RESULTS.md');
const env = process.env;
const N = positiveIntEnv('BENCH_EVENTS', 30_000);
const ROUNDS = positiveIntEnv('BENCH_ROUNDS', 3);
const SEED = positiveIntEnv('BENCH_SEED', 1);
const PG_ADMIN_URL = env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WRITE_RESULTS = env.BENCH_WRITE_RESULTS !== '0';
const LIMIT_PERCENT = 10;

const runId = randomBytes(4).toString('hex');
const prefix = `bench${runId}.`;
const tracedPrefix = `bench${runId}t.`; // the same events, each with a ce_traceparent
const workDir = join(ROOT, 'bench', 'out', `tracing-${runId}`);
const kafka = kafkaGateway(`bench-tracing-${runId}`);
const databases = [];
let service;

function dbUrl(name) {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** An OTLP/HTTP endpoint that accepts every export and keeps only counts: a collector that costs nothing here. */
async function discardingReceiver() {
  const counts = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on('data', (chunk) => (counts.bytes += chunk.length));
    req.on('end', () => {
      counts.requests++;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { endpoint: `http://127.0.0.1:${server.address().port}`, counts, close: () => server.close() };
}

function startService(label, port, database, topicPrefix, tracingEnv) {
  return spawnIndicators({
    main: SERVICE_MAIN,
    port,
    databaseUrl: dbUrl(database),
    topicPrefix,
    logFile: join(workDir, `indicators-${label}.log`),
    settings: { INTAKE_CONSUMER_GROUP: `indicators-intake-${label}`, ...tracingEnv },
  });
}

/** CPU seconds so far of each PostgreSQL backend serving `database` (by process title), keyed by pid. */
function backendsCpu(database) {
  const cpu = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres:') && title.includes(` ${database} `))
        cpu.set(entry, processCpuSeconds(entry) ?? 0);
    } catch {
      // gone
    }
  }
  return cpu;
}

/** CPU the backends used between two readings (a backend that started in between counts whole). */
function backendsDelta(before, after) {
  let sum = 0;
  for (const [pid, cpu] of after) sum += cpu - (before.get(pid) ?? 0);
  return sum;
}

async function reportsStored(database) {
  const client = new pg.Client({ connectionString: dbUrl(database) });
  await client.connect();
  try {
    const [row] = (await client.query('SELECT count(*)::int AS n FROM indicators.indicator_reports')).rows;
    return row.n;
  } finally {
    await client.end();
  }
}

/** One intake of all N events: events/s and service CPU per event between 10 % and 90 % committed. */
async function intake(label, mode, { topicPrefix, topics, ends }, receiver) {
  const database = `dxhub_bench_${runId}_${label}`;
  await adminQuery(`CREATE DATABASE "${database}" ENCODING 'UTF8' TEMPLATE template0`);
  databases.push(database);
  const tracingEnv = MODES[mode].tracing ? { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } : {};
  const before = { ...receiver.counts };
  service = startService(label, await freePort(), database, topicPrefix, tracingEnv);
  const groupId = `${topicPrefix}indicators-intake-${label}`;
  const marks = {};
  const started = now();
  for (;;) {
    if (service.exitCode !== null) throw new Error(`the service exited (${service.exitCode}); see ${service.logFile}`);
    const done = await committedCount(kafka, groupId, topics, ends).catch(() => 0);
    const t = now();
    const cpu = processCpuSeconds(service.pid);
    for (const [name, share] of [
      ['p10', 0.1],
      ['p90', 0.9],
      ['all', 1],
    ]) {
      if (marks[name] === undefined && done >= share * N)
        marks[name] = { t, done, cpu, backends: backendsCpu(database) };
    }
    if (marks.all) break;
    if (t - started > 600_000) throw new Error(`${label}: ${done} of ${N} events committed in 10 minutes`);
    await sleep(20);
  }
  await stopProcess(service); // flushes the spans it still holds
  const stored = await reportsStored(database);
  const window = (marks.p90.t - marks.p10.t) / 1000;
  const events = marks.p90.done - marks.p10.done;
  const result = {
    label,
    mode,
    eventsPerSec: Math.round(events / window),
    serviceCpuMsPerEvent: round(((marks.p90.cpu - marks.p10.cpu) * 1000) / events, 3),
    // The service and its PostgreSQL backends: what the intake costs the machine, less moved by other work.
    intakeCpuMsPerEvent: round(
      ((marks.p90.cpu - marks.p10.cpu + backendsDelta(marks.p10.backends, marks.p90.backends)) * 1000) / events,
      3,
    ),
    reportsStored: stored,
    exportRequests: receiver.counts.requests - before.requests,
    exportedBytes: receiver.counts.bytes - before.bytes,
  };
  log(
    `${label}: ${result.eventsPerSec} events/s (10–90 %), CPU ${result.intakeCpuMsPerEvent} ms/event ` +
      `(service ${result.serviceCpuMsPerEvent}), ` +
      `${stored} reports stored, ${result.exportRequests} OTLP exports (${Math.round(result.exportedBytes / 1024)} KiB)`,
  );
  return result;
}

/**
 * The modes compared: tracing off; on, with agency events as the workload sends them (no trace context, so each
 * is traced as part of its batch); on, with every agency event carrying its own ce_traceparent (a `process`
 * span per event, continuing the agency's trace).
 */
const MODES = {
  off: { tracing: false, agenciesTrace: false, what: 'tracing off' },
  on: { tracing: true, agenciesTrace: false, what: 'tracing on' },
  traced: { tracing: true, agenciesTrace: true, what: 'tracing on, every agency event with ce_traceparent' },
};

/** Publishes the workload under `topicPrefix`; with `traceparents`, each event with a trace of its own. */
async function publish(catalogue, topicPrefix, traceparents) {
  const workload = throughputEvents({
    catalogue,
    prefix: topicPrefix,
    runId,
    count: N,
    order: 'submissions',
    seed: SEED,
  });
  const topics = [...new Set(catalogue.indicators.map((i) => agencyTopic(topicPrefix, i.agency)))].sort();
  await kafka.ensureTopics(topics); // 3 partitions each: the lib's default KAFKA_TOPIC_PARTITIONS
  for (let i = 0; i < workload.events.length; i += 4000) {
    const records = workload.events.slice(i, i + 4000).map((e) => ({ topic: e.topic, record: e.message }));
    if (traceparents) {
      for (const { record } of records) {
        const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
        record.headers = { ...record.headers, ce_traceparent: traceparent };
      }
    }
    await kafka.send(records);
  }
  return { topicPrefix, topics, ends: await endOffsets(kafka, topics) };
}

async function main() {
  if (!existsSync(SERVICE_MAIN)) throw new Error(`${SERVICE_MAIN} is missing: run npm run build first`);
  mkdirSync(workDir, { recursive: true });
  const catalogue = loadCatalogue(join(ROOT, 'seeds'));
  const plain = await publish(catalogue, prefix, false);
  const traced = await publish(catalogue, tracedPrefix, true);
  log(
    `run ${runId}: published ${N} events twice (without and with ce_traceparent); ${ROUNDS} rounds; logs in ${workDir}`,
  );

  const receiver = await discardingReceiver();
  const load = os.loadavg()[0];
  const runs = [];
  // Each round starts one mode later (off, on, traced; on, traced, off; traced, off, on; …), so no mode's runs
  // sit together in time: a change of the machine's load weighs on every mode alike.
  const names = Object.keys(MODES);
  const order = Array.from({ length: ROUNDS }, (_, i) => names.map((_, k) => names[(i + k) % names.length])).flat();
  for (const [i, mode] of order.entries()) {
    const dataset = MODES[mode].agenciesTrace ? traced : plain;
    runs.push(await intake(`${i + 1}-${mode}`, mode, dataset, receiver));
  }
  receiver.close();
  const stored = new Set(runs.map((r) => r.reportsStored));
  if (stored.size !== 1) throw new Error(`the runs stored different numbers of reports: ${[...stored].join(', ')}`);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const modes = Object.fromEntries(
    names.map((mode) => {
      const mine = runs.filter((r) => r.mode === mode);
      const rates = mine.map((r) => r.eventsPerSec);
      return [
        mode,
        {
          eventsPerSec: Math.round(mean(rates)),
          lowest: Math.min(...rates),
          highest: Math.max(...rates),
          serviceCpuMsPerEvent: round(mean(mine.map((r) => r.serviceCpuMsPerEvent)), 3),
          intakeCpuMsPerEvent: round(mean(mine.map((r) => r.intakeCpuMsPerEvent)), 3),
        },
      ];
    }),
  );
  const slowdown = (mode) =>
    round((100 * (modes.off.eventsPerSec - modes[mode].eventsPerSec)) / modes.off.eventsPerSec, 1);
  const cpuIncrease = (mode) =>
    round((100 * (modes[mode].intakeCpuMsPerEvent - modes.off.intakeCpuMsPerEvent)) / modes.off.intakeCpuMsPerEvent, 1);
  return {
    N,
    rounds: ROUNDS,
    modes,
    cpuIncreasePercent: { on: cpuIncrease('on'), traced: cpuIncrease('traced') },
    slowdownPercent: { on: slowdown('on'), traced: slowdown('traced') },
    withinLimit: slowdown('on') <= LIMIT_PERCENT && slowdown('traced') <= LIMIT_PERCENT,
    runs,
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, load average ${round(load, 2)} at start`,
  };
}

async function writeResults(r) {
  const start = '<!-- indicators-tracing:start (written by bench/indicators/tracing.mjs) -->';
  const end = '<!-- indicators-tracing:end -->';
  const names = Object.keys(MODES);
  const verdict = (mode) => {
    const p = r.slowdownPercent[mode];
    const how = p >= 0 ? `${p} % slower` : `${-p} % faster`;
    return `${how} than off (limit ${LIMIT_PERCENT} %): **${p <= LIMIT_PERCENT ? 'met' : 'not met'}**`;
  };
  const pct = (p) => (p >= 0 ? `+${p} %` : `${p} %`);
  const rows = r.runs
    .map(
      (x) =>
        `| ${x.label} | ${MODES[x.mode].what} | ${x.eventsPerSec} | ${x.intakeCpuMsPerEvent} | ${x.serviceCpuMsPerEvent} | ${x.reportsStored} | ${x.exportRequests} | ${Math.round(x.exportedBytes / 1024)} |`,
    )
    .join('\n');
  const command = `BENCH_EVENTS=${N} BENCH_ROUNDS=${ROUNDS} npm run bench:indicators:tracing`;
  const section = `${start}

## Tracing's cost to the intake (\`npm run bench:indicators:tracing\`)

Issue 21: the indicators intake with tracing off and on, back to back in one run, on the same ${r.N} events
(the throughput workload of \`bench:indicators\`, seed ${SEED}), each run on a fresh database and consumer group
with all events waiting. Three modes, each round starting one mode later (off, on, traced; on, traced, off; …):
**off**; **on**, the
agencies' events as the workload sends them, without trace context (each traced as part of its batch); **traced**,
the same events each with a \`ce_traceparent\` of its own (a \`process\` span per event continuing the agency's
trace). Tracing on exports by OTLP/HTTP to a receiver in the bench process that discards what it gets, with the
service's settings (the SDK's batching of 512 spans, a span queue of 16,384). Events/s are measured between 10 %
and 90 % of the events committed (startup excluded); CPU per event is what the service process and its
PostgreSQL backends used in that window, a figure other work on the machine moves less than throughput.

- **Date:** ${r.date}
- **Command:** \`${command}\` (from the repository root; the npm script builds first)
- **Machine:** ${r.machine}. The service, its PostgreSQL and the broker share two cores, and throughput
  moves by as much as tracing costs from one run to the next (the load average says how busy the machine was): the modes alternate
  and rounds are averaged; read the lowest–highest spread before the means, and the CPU per event beside them.

| | ${names.map((m) => MODES[m].what).join(' | ')} |
| - | ${names.map(() => '-').join(' | ')} |
| intake, events/s (mean of ${r.rounds}) | ${names.map((m) => `**${r.modes[m].eventsPerSec}**`).join(' | ')} |
| lowest–highest run | ${names.map((m) => `${r.modes[m].lowest}–${r.modes[m].highest}`).join(' | ')} |
| against off | | ${verdict('on')} | ${verdict('traced')} |
| CPU per event (service + its PostgreSQL backends), ms | ${names.map((m) => r.modes[m].intakeCpuMsPerEvent).join(' | ')} |
| CPU per event against off | | ${pct(r.cpuIncreasePercent.on)} | ${pct(r.cpuIncreasePercent.traced)} |
| of which the service process, ms | ${names.map((m) => r.modes[m].serviceCpuMsPerEvent).join(' | ')} |

| run | mode | events/s | CPU ms/event | of which service | reports stored | OTLP exports | KiB exported |
| - | - | - | - | - | - | - | - |
${rows}

${end}`;
  await writeSection(RESULTS_FILE, start, end, section);
}

async function cleanup() {
  await stopProcess(service).catch(() => {});
  for (const topicPrefix of [prefix, tracedPrefix]) {
    try {
      const own = kafkaGateway(`bench-tracing-${runId}-cleanup`, topicPrefix);
      await own.deleteOwnTopics();
      await own.deleteOwnGroups();
      await own.close();
    } catch (error) {
      log(`could not delete the bench's topics (${topicPrefix}*): ${error.message}`);
    }
  }
  for (const name of databases) {
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((e) => log(`drop ${name}: ${e.message}`));
  }
  await kafka.close().catch(() => {});
}

let exitCode = 0;
try {
  const result = await main();
  await cleanup();
  if (WRITE_RESULTS) await writeResults(result);
  console.log(JSON.stringify(result));
} catch (error) {
  log(`failed: ${error.stack ?? error}`);
  await cleanup();
  exitCode = 1;
}
process.exit(exitCode);
