// Readers of GET /v1/aggregates for the reads-under-load run (issue 19, point 4 c), as their own process so that
// their work does not stall the bench's paced sender: BENCH_READERS users (50), each with a token of its own (the
// service limits reads per user) and one request at a time, with BENCH_READ_PAUSE_MS between them (0: none, so the
// readers keep the service as busy as it lets them, and a read's time includes its wait behind the others'; a
// pause makes them users who look at each answer). Each read asks for a random
// level — the province, a district-level unit or a commune, equally often — then a random aggregate of that level
// among those the database holds (an indicator, a unit, a period of the indicator's type or coarser), so reads
// find a figure, as a dashboard's do; an answer other than 200 is counted and reported, never left out.
//
// The readers warm up for BENCH_READ_WARMUP_MS (connections, the service's first plans), then print
// {"measuring":true} and read for BENCH_READ_SECONDS; only reads started in that window count. The last line on
// stdout is the result: reads, reads/s, p50/p90/p99/max ms (from the request to the whole body), per level, and
// every status seen.
//
//   BENCH_SERVICE_URL=http://127.0.0.1:PORT BENCH_DATABASE_URL=postgres://... BENCH_READERS=50 BENCH_READ_SECONDS=10 \
//   BENCH_READ_WARMUP_MS=1000 BENCH_READ_PAUSE_MS=0 BENCH_SEED=1 node bench/indicators/readers.mjs
import pg from 'pg';
import { devToken } from '../../scripts/lib/dev-token.mjs';
import { now, percentile, positiveIntEnv, round, sleep } from './lib.mjs';
import { prng } from './workload.mjs';

const env = process.env;
const READERS = positiveIntEnv('BENCH_READERS', 50);
const SECONDS = positiveIntEnv('BENCH_READ_SECONDS', 10);
const WARMUP_MS = positiveIntEnv('BENCH_READ_WARMUP_MS', 1000);
const SEED = positiveIntEnv('BENCH_SEED', 1);
const PAUSE_MS = Number(env.BENCH_READ_PAUSE_MS || 0);
if (!Number.isInteger(PAUSE_MS) || PAUSE_MS < 0) throw new Error('BENCH_READ_PAUSE_MS must be a whole number of ms');
const LEVELS = { 1: 'province', 2: 'district', 3: 'commune' };

// The aggregates to read, by level of their org unit.
const db = new pg.Client({ connectionString: env.BENCH_DATABASE_URL, application_name: 'bench-readers' });
await db.connect();
const { rows } = await db.query(
  `SELECT o.level, o.code AS unit, a.indicator_code AS indicator, a.period
   FROM indicators.indicator_aggregates a JOIN indicators.org_units o ON o.id = a.org_unit_id
   WHERE o.level IN (1, 2, 3) AND a.value_count > 0`,
);
await db.end();
const targets = new Map();
for (const r of rows) {
  const level = LEVELS[r.level];
  if (!targets.has(level)) targets.set(level, []);
  targets.get(level).push(`indicator=${r.indicator}&orgUnit=${r.unit}&period=${r.period}`);
}
const levels = [...targets.keys()].sort();
if (levels.length === 0) throw new Error('readers: the database holds no aggregate to read');

const started = now();
const measureFrom = started + WARMUP_MS;
const measureTo = measureFrom + SECONDS * 1000;
const reads = []; // { level, ms, status } of the reads started in the window
const statuses = {};
const failures = []; // the first few answers other than 200, for the report

async function reader(index) {
  const rand = prng(SEED * 1000 + index);
  // Each reader is a user of its own: the service counts reads per user (RATE_LIMIT_READS_PER_MINUTE).
  const token = devToken({ agency: 'STTTT', roles: ['viewer'], sub: `bench-reader-${index}` });
  const headers = { authorization: `Bearer ${token}` };
  while (now() < measureTo) {
    const level = levels[Math.floor(rand() * levels.length)];
    const pool = targets.get(level);
    const query = pool[Math.floor(rand() * pool.length)];
    const t0 = now();
    let status;
    try {
      const res = await fetch(`${env.BENCH_SERVICE_URL}/v1/aggregates?${query}`, { headers });
      const body = await res.text();
      status = res.status;
      if (status !== 200 && failures.length < 5) failures.push({ status, query, body: body.slice(0, 300) });
    } catch (error) {
      status = 'error'; // no answer at all (connection refused or reset)
      if (failures.length < 5) failures.push({ status, query, body: String(error.message).slice(0, 300) });
    }
    const t1 = now();
    if (t0 >= measureFrom && t0 < measureTo) {
      reads.push({ level, ms: t1 - t0, status });
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    if (PAUSE_MS > 0) await sleep(PAUSE_MS);
  }
}

const all = Promise.all(Array.from({ length: READERS }, (_, i) => reader(i)));
setTimeout(() => console.log(JSON.stringify({ measuring: true })), Math.max(0, measureFrom - now()));
await all;

function summary(list) {
  const ms = list.map((r) => r.ms).sort((a, b) => a - b);
  return {
    reads: ms.length,
    p50Ms: round(percentile(ms, 50), 1),
    p90Ms: round(percentile(ms, 90), 1),
    p99Ms: round(percentile(ms, 99), 1),
    maxMs: round(ms.at(-1) ?? null, 1),
  };
}

console.log(
  JSON.stringify({
    readers: READERS,
    seconds: SECONDS,
    warmupMs: WARMUP_MS,
    pauseMs: PAUSE_MS,
    ...summary(reads),
    readsPerSec: round(reads.length / SECONDS, 0),
    not200: reads.filter((r) => r.status !== 200).length,
    statuses,
    byLevel: Object.fromEntries(levels.map((level) => [level, summary(reads.filter((r) => r.level === level))])),
    aggregatesToRead: Object.fromEntries(levels.map((level) => [level, targets.get(level).length])),
    ...(failures.length ? { failures } : {}),
  }),
);
