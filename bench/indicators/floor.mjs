#!/usr/bin/env node
// `npm run bench:indicators:floor`: what PostgreSQL costs per agency report at the leanest, without the
// service, the broker or any feature beyond the one being measured: how fast an intake of these reports could
// be on this machine, step by step up to the service's design — the floor under its figures in RESULTS.md.
//
// The throughput run's events (workload.mjs, same seed and order) are applied straight from memory, already
// decoded, on one connection, in transactions of each size in BENCH_FLOOR_BATCHES (the service's 2,500,
// 10,000, and all N in one), in four steps, each on fresh tables and each doing everything the step before
// it did:
//   store      insert the reports; (source, id) unique: the dedupe record and the history, nothing else
//   values     + the current value per (indicator, org unit, period), latest report wins, the old one read
//              in the same statement (one upsert)
//   hierarchy  + the aggregate of the unit, its district and the province for the reported period, the
//              batch's deltas collapsed per aggregate in memory, one upsert
//   time       + the same aggregates rolled up over time (month → quarter → half-year → year)
// No outbox, audit, approval state, validity lookups or target evaluation: every step does less than the
// service does. Per step it reports events/s on one connection and the CPU spent per event by the
// PostgreSQL backend and by this process, and from those the most events/s two cores could give if nothing
// else ran (2 cores ÷ CPU per event). Progress goes to stderr; the last line on stdout is one JSON object.
//
//   BENCH_EVENTS (30000)  BENCH_FLOOR_BATCHES (2500,10000,N)  BENCH_SEED (1)  BENCH_ORDER (submissions)
//   BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/postgres)  BENCH_WRITE_RESULTS (1; 0 leaves RESULTS.md alone)
//
// Autovacuum is on while it runs, as in production (autovacuum.mjs). `npm run bench:indicators` measures the
// "time" step at the service's own reports per transaction in its run too (floorWorkload and measureFloorStep,
// exported for it), so the service's figure and its floor come from the same run.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { writeSection } from '../results-file.mjs';
import { turnAutovacuumOn } from './autovacuum.mjs';
import { log, now, positiveIntEnv, processCpuSeconds, round } from './lib.mjs';
import { cellKey, loadCatalogue, PROVINCE_CODE, throughputEvents } from './workload.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const RESULTS_FILE = join(ROOT, 'bench', 'RESULTS.md');
const env = process.env;
const CORES = 2; // the machine the issue's targets are set for
const FLOOR_STEPS = ['store', 'values', 'hierarchy', 'time'];

/**
 * The throughput run's `count` events (workload.mjs, the same seed and order) as the floor applies them: decoded,
 * in send order, with the province aggregates they must end with.
 */
export function floorWorkload({ catalogue, count, order, seed }) {
  const { events, expected } = throughputEvents({ catalogue, prefix: '', runId: 'floor', count, order, seed });
  const reports = events.map(({ message }) => {
    const body = JSON.parse(message.value);
    return {
      source: message.headers.ce_source,
      id: message.headers.ce_id,
      indicator: body.indicatorCode,
      unit: body.orgUnitCode,
      period: body.period,
      value: body.value ?? null,
      numerator: body.numerator ?? null,
      denominator: body.denominator ?? null,
      reportedAt: message.headers.ce_time,
    };
  });
  return { reports, expected, unitsByCode: new Map(catalogue.units.map((u) => [u.code, u])) };
}

/** The periods a period rolls up into, itself first (DHIS2 notation: 202407, 2024Q3, 2024S2, 2024). */
function periodsOver(period) {
  const year = period.slice(0, 4);
  let month;
  if (/^\d{6}$/.test(period)) month = Number(period.slice(4));
  else if (/^\d{4}Q\d$/.test(period)) month = Number(period[5]) * 3;
  else if (/^\d{4}S\d$/.test(period)) month = Number(period[5]) * 6;
  else return [period];
  const wider = [`${year}Q${Math.ceil(month / 3)}`, `${year}S${Math.ceil(month / 6)}`, year];
  return [period, ...wider.slice(wider.indexOf(period) + 1)];
}

function unitsOver(unitsByCode, unitCode) {
  const unit = unitsByCode.get(unitCode);
  return unit.district === unit.code ? [unit.code, PROVINCE_CODE] : [unit.code, unit.district, PROVINCE_CODE];
}

const SCHEMA = `
  CREATE TABLE reports (
    id bigserial PRIMARY KEY, event_source text NOT NULL, event_id text NOT NULL,
    indicator_code text NOT NULL, org_unit_code text NOT NULL, period text NOT NULL,
    value numeric, numerator numeric, denominator numeric, reported_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(), UNIQUE (event_source, event_id));
  CREATE TABLE current_values (
    indicator_code text NOT NULL, org_unit_code text NOT NULL, period text NOT NULL,
    value numeric, numerator numeric, denominator numeric, reported_at timestamptz NOT NULL, report_id bigint NOT NULL,
    PRIMARY KEY (indicator_code, org_unit_code, period));
  CREATE TABLE aggregates (
    indicator_code text NOT NULL, org_unit_code text NOT NULL, period text NOT NULL,
    value_sum numeric NOT NULL, value_count bigint NOT NULL, numerator_sum numeric NOT NULL,
    denominator_sum numeric NOT NULL, version bigint NOT NULL DEFAULT 1, updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (indicator_code, org_unit_code, period));`;

const INSERT_REPORTS = `
  INSERT INTO reports (event_source, event_id, indicator_code, org_unit_code, period, value, numerator, denominator, reported_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[], $9::timestamptz[])
  ON CONFLICT (event_source, event_id) DO NOTHING
  RETURNING id, event_source, event_id`;

// One statement: the cells' old values (the statement's snapshot, taken before the upsert changes them) and
// the rows the upsert wrote; a report older than the cell's current one changes nothing.
const UPSERT_VALUES = `
  WITH incoming AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[], $7::timestamptz[], $8::bigint[])
      AS t(indicator_code, org_unit_code, period, value, numerator, denominator, reported_at, report_id)),
  old AS (
    SELECT c.* FROM current_values c JOIN incoming i USING (indicator_code, org_unit_code, period)),
  written AS (
    INSERT INTO current_values AS c SELECT * FROM incoming
    ON CONFLICT (indicator_code, org_unit_code, period) DO UPDATE
      SET value = EXCLUDED.value, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator,
          reported_at = EXCLUDED.reported_at, report_id = EXCLUDED.report_id
      WHERE (c.reported_at, c.report_id) < (EXCLUDED.reported_at, EXCLUDED.report_id)
    RETURNING indicator_code, org_unit_code, period, value, numerator, denominator)
  SELECT w.indicator_code, w.org_unit_code, w.period,
         w.value::text AS value, w.numerator::text AS numerator, w.denominator::text AS denominator,
         o.value::text AS old_value, o.numerator::text AS old_numerator, o.denominator::text AS old_denominator,
         o.indicator_code IS NOT NULL AS replaced
  FROM written w LEFT JOIN old o USING (indicator_code, org_unit_code, period)`;

const MOVE_AGGREGATES = `
  INSERT INTO aggregates AS a (indicator_code, org_unit_code, period, value_sum, value_count, numerator_sum, denominator_sum)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::bigint[], $6::numeric[], $7::numeric[])
  ON CONFLICT (indicator_code, org_unit_code, period) DO UPDATE
    SET value_sum = a.value_sum + EXCLUDED.value_sum, value_count = a.value_count + EXCLUDED.value_count,
        numerator_sum = a.numerator_sum + EXCLUDED.numerator_sum, denominator_sum = a.denominator_sum + EXCLUDED.denominator_sum,
        version = a.version + 1, updated_at = now()`;

const columns = (rows, names) => names.map((name) => rows.map((row) => row[name]));

/** The batch's reports, the latest per cell (by ce_time, then arrival), as the upsert takes them. */
function latestPerCell(stored) {
  const latest = new Map();
  for (const report of stored) {
    const key = cellKey(report.indicator, report.unit, report.period);
    const seen = latest.get(key);
    if (!seen || seen.reportedAt <= report.reportedAt) latest.set(key, report);
  }
  return [...latest.values()];
}

/** Deltas per aggregate, collapsed in memory: integers here, so Number is exact. */
function collapse(changes, withTime, unitsByCode) {
  const deltas = new Map();
  for (const c of changes) {
    const d = {
      value: Number(c.value ?? 0) - Number(c.old_value ?? 0),
      count: c.replaced ? 0 : 1,
      numerator: Number(c.numerator ?? 0) - Number(c.old_numerator ?? 0),
      denominator: Number(c.denominator ?? 0) - Number(c.old_denominator ?? 0),
    };
    for (const unit of unitsOver(unitsByCode, c.org_unit_code)) {
      for (const period of withTime ? periodsOver(c.period) : [c.period]) {
        const key = cellKey(c.indicator_code, unit, period);
        const sum = deltas.get(key);
        if (sum) {
          sum.value += d.value;
          sum.count += d.count;
          sum.numerator += d.numerator;
          sum.denominator += d.denominator;
        } else deltas.set(key, { indicator: c.indicator_code, unit, period, ...d });
      }
    }
  }
  return [...deltas.values()];
}

async function applyBatch(db, step, batch, unitsByCode) {
  await db.query('BEGIN');
  const inserted = await db.query(
    INSERT_REPORTS,
    columns(batch, ['source', 'id', 'indicator', 'unit', 'period', 'value', 'numerator', 'denominator', 'reportedAt']),
  );
  let aggregateRows = 0;
  if (step !== 'store') {
    const ids = new Map(inserted.rows.map((r) => [`${r.event_source}|${r.event_id}`, r.id]));
    const stored = batch
      .filter((r) => ids.has(`${r.source}|${r.id}`))
      .map((r) => ({ ...r, reportId: ids.get(`${r.source}|${r.id}`) }));
    const latest = latestPerCell(stored);
    const changes = await db.query(
      UPSERT_VALUES,
      columns(latest, ['indicator', 'unit', 'period', 'value', 'numerator', 'denominator', 'reportedAt', 'reportId']),
    );
    if (step !== 'values') {
      const deltas = collapse(changes.rows, step === 'time', unitsByCode);
      aggregateRows = deltas.length;
      await db.query(
        MOVE_AGGREGATES,
        columns(deltas, ['indicator', 'unit', 'period', 'value', 'count', 'numerator', 'denominator']),
      );
    }
  }
  await db.query('COMMIT');
  return { stored: inserted.rowCount, aggregateRows };
}

/** Province aggregates for the reported periods against the sums of the last value sent per cell. */
async function verify(db, expected) {
  const { rows } = await db.query(
    `SELECT indicator_code, period, value_sum::text, value_count::int, numerator_sum::text, denominator_sum::text
     FROM aggregates WHERE org_unit_code = $1`,
    [PROVINCE_CODE],
  );
  const got = new Map(rows.map((r) => [`${r.indicator_code}|${r.period}`, r]));
  let mismatches = 0;
  for (const [key, e] of expected) {
    const r = got.get(key);
    const same =
      r &&
      r.value_count === e.count &&
      Number(r.value_sum) === e.valueSum &&
      Number(r.numerator_sum) === e.numeratorSum &&
      Number(r.denominator_sum) === e.denominatorSum;
    if (!same) mismatches++;
  }
  return { provinceAggregates: expected.size, mismatches };
}

/**
 * One step at one transaction size, on a fresh database of the server behind `adminUrl` (created and dropped
 * here, named after `runId`): events/s on one connection, CPU per event of the PostgreSQL backend and of this
 * process, and what two cores could do.
 */
export async function measureFloorStep({ admin, adminUrl, runId, step, batchSize, workload }) {
  const { reports, expected, unitsByCode } = workload;
  const N = reports.length;
  const database = `dxhub_bench_${runId}_floor_${step}_${batchSize}`;
  await admin.query(`CREATE DATABASE "${database}" ENCODING 'UTF8' TEMPLATE template0`);
  const db = new pg.Client({
    connectionString: withDatabase(adminUrl, database),
    application_name: `bench-floor-${step}`,
  });
  try {
    await db.connect();
    await db.query(SCHEMA);
    const [{ pid }] = (await db.query('SELECT pg_backend_pid() AS pid')).rows;
    const pg0 = processCpuSeconds(pid);
    const self0 = process.cpuUsage();
    const t0 = now();
    let stored = 0;
    let aggregateRows = 0;
    for (let i = 0; i < reports.length; i += batchSize) {
      const result = await applyBatch(db, step, reports.slice(i, i + batchSize), unitsByCode);
      stored += result.stored;
      aggregateRows += result.aggregateRows;
    }
    const seconds = (now() - t0) / 1000;
    const pgCpu = processCpuSeconds(pid) - pg0;
    const self = process.cpuUsage(self0);
    const selfCpu = (self.user + self.system) / 1e6;
    const pgUs = (pgCpu * 1e6) / N;
    const nodeUs = (selfCpu * 1e6) / N;
    const result = {
      step,
      batch: batchSize,
      eventsPerSec: round(N / seconds, 0),
      seconds: round(seconds, 2),
      reportsStored: stored,
      aggregateRowsWritten: aggregateRows,
      pgCpuUsPerEvent: round(pgUs, 1),
      nodeCpuUsPerEvent: round(nodeUs, 1),
      twoCoreEventsPerSec: round((CORES * 1e6) / (pgUs + nodeUs), 0),
    };
    if (step === 'hierarchy' || step === 'time') result.verified = await verify(db, expected);
    log(`${step}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await db.end().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function commandLine() {
  const settings = ['BENCH_EVENTS', 'BENCH_FLOOR_BATCHES', 'BENCH_SEED', 'BENCH_ORDER']
    .filter((name) => env[name] !== undefined && env[name] !== '')
    .map((name) => `${name}=${env[name]}`);
  return [...settings, 'npm run bench:indicators:floor'].join(' ');
}

function codeVersion() {
  const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    const dirty = git('status', '--porcelain', '--', 'bench').length > 0;
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' (bench/ changed)' : ''}`;
  } catch {
    return 'unknown';
  }
}

async function writeResults(r) {
  const start = '<!-- indicators-floor:start (written by bench/indicators/floor.mjs) -->';
  const end = '<!-- indicators-floor:end -->';
  const rows = r.steps
    .map(
      (s) =>
        `| ${s.step} | ${s.batch} | ${s.eventsPerSec} | ${s.pgCpuUsPerEvent} | ${s.nodeCpuUsPerEvent} | ${s.twoCoreEventsPerSec} | ${s.aggregateRowsWritten} | ${s.verified ? `${s.verified.provinceAggregates - s.verified.mismatches}/${s.verified.provinceAggregates}` : '–'} |`,
    )
    .join('\n');
  const section = `${start}

## The database's floor (\`npm run bench:indicators:floor\`)

What PostgreSQL costs per report at the leanest: the throughput run's ${r.N} events (same workload and seed),
already decoded, applied from memory in transactions of ${r.batches.join(', ')} reports on one connection, without the service, the
broker, the outbox, audit, approval state, validity lookups or targets. Each step on fresh tables, doing what the
step above it does and more: **store** inserts the reports (their (source, id) unique: dedupe and history);
**values** also upserts the current value per cell (latest report wins, the old value read in the same
statement); **hierarchy** also moves the aggregates of the unit, its district and the province for the reported
period (the batch's deltas collapsed in memory, one upsert); **time** also rolls them up over time (month →
quarter → half-year → year), as the service does. "2 cores" is 2 ÷ (CPU per event): what two cores could do if
nothing else ran, not even the broker. \`bench/indicators/floor.mjs\` says how.

- **Date:** ${r.date}; **command:** \`${r.command}\` (from the repository root)
- **Machine:** ${r.machine}; PostgreSQL ${r.postgres}, synchronous commit on, autovacuum on; **code:** ${r.code}

| step | reports per transaction | events/s (1 connection) | PostgreSQL CPU µs/event | bench process CPU µs/event | 2 cores at most, events/s | aggregate rows written | province aggregates equal to the events' sums |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows}

${end}`;
  await writeSection(RESULTS_FILE, start, end, section);
}

async function main() {
  const N = positiveIntEnv('BENCH_EVENTS', 30_000);
  const batches = (env.BENCH_FLOOR_BATCHES || `2500,10000,${N}`).split(',').map((text) => {
    const size = Number(text);
    if (!Number.isInteger(size) || size <= 0)
      throw new Error('BENCH_FLOOR_BATCHES must be positive integers, comma-separated');
    return Math.min(size, N);
  });
  const seed = positiveIntEnv('BENCH_SEED', 1);
  const order = env.BENCH_ORDER ?? 'submissions';
  const adminUrl = env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const workload = floorWorkload({ catalogue: loadCatalogue(join(ROOT, 'seeds')), count: N, order, seed });
  const runId = randomBytes(3).toString('hex');
  const autovacuum = await turnAutovacuumOn(adminUrl);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      log(`${signal}: putting autovacuum back`);
      autovacuum.restore().finally(() => process.exit(130));
    });
  }
  const admin = new pg.Client({ connectionString: adminUrl, application_name: 'bench-floor' });
  await admin.connect();
  try {
    const [{ server_version: postgres }] = (await admin.query('SHOW server_version')).rows;
    log(
      `floor ${runId}: ${N} events (${order}, seed ${seed}) in transactions of ${batches.join(', ')}, steps ${FLOOR_STEPS.join(', ')}; autovacuum on${autovacuum.changed ? ' (turned on for the run)' : ''}`,
    );
    const steps = [];
    for (const batchSize of batches)
      for (const step of FLOOR_STEPS)
        steps.push(await measureFloorStep({ admin, adminUrl, runId, step, batchSize, workload }));
    const result = {
      bench: 'indicators-floor',
      date: new Date().toISOString(),
      command: commandLine(),
      N,
      batches,
      machine: `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${round(os.totalmem() / 2 ** 30, 1)} GiB; Node ${process.version}`,
      postgres,
      autovacuum: 'on',
      code: codeVersion(),
      steps,
    };
    if (env.BENCH_WRITE_RESULTS !== '0') await writeResults(result);
    console.log(JSON.stringify(result));
  } finally {
    await admin.end();
    await autovacuum.restore();
  }
}

// Run as a command (`npm run bench:indicators:floor`), not when run.mjs imports the step.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
