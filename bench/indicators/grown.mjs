// The grown database (issue 19, point 4 b): the indicators service's database as it stands after years of use —
// every cell of the workload's indicators, units and years (2010–2024) reported, and corrected, until it holds
// BENCH_GROWN_REPORTS (1,000,000) stored reports — on which run.mjs measures the intake and its latency again.
//
// Loading that through the service would take longer than the whole bench (a few thousand reports a second), so
// the history is written in SQL, set-based, into what the intake writes per report: the report, the cell's
// current value (its latest report), the inbox row that dedupes its event, and the queue that has the
// obligation counts recounted. Everything derived from the values — aggregates over the hierarchy and over time,
// the units' figures per coarser period, the figures under the rules in force — is built by the service's own
// code, `recompute.js` (npm run recompute:indicators), which rebuilds every aggregate from the stored values, and
// the background work it leaves (judging aggregates against their targets, scores, obligation counts) by the
// service itself, started on the database once before the measured start. What the bench loads is so a state the
// service could have produced; `recompute.js --check` at the end of the run proves the aggregates match the values.
//
// Left out: the audit log's rows for the old reports (append-only history the intake only adds to) and the
// outbox's events for them (the relay deletes published rows after 72 hours; those of the repair are deleted).
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { lastJsonLine, now, round, stopProcess } from './lib.mjs';
import { settle, startService, waitForReady } from './service-run.mjs';
import { agencyTopic, allCells, prng, THROUGHPUT_YEARS } from './workload.mjs';

/** The event ids of the loaded reports start with this: no agency's ids do. */
const LOADED_ID_PREFIX = 'grown-history';

/** Over how many days after its period's end a cell's reports (first and corrections) are spread. */
const HISTORY_DAYS = 300;

/**
 * How many reports each cell of the years holds: `total` spread as evenly as the cells allow (some cells one more
 * than others, chosen by a seeded shuffle), so exactly `total` are stored.
 */
function reportsPerCell(cellCount, total, seed) {
  const base = Math.floor(total / cellCount);
  const extra = total - base * cellCount;
  const order = [...Array(cellCount).keys()];
  const rand = prng(seed + 7);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const counts = new Array(cellCount).fill(base);
  for (const i of order.slice(0, extra)) counts[i]++;
  return counts;
}

/**
 * Writes the history into a migrated and seeded database of the service (`db`, a connected pg.Client): `total`
 * reports over every cell of THROUGHPUT_YEARS, their current values, their inbox rows and the obligation
 * recount queue. Figures as the workload draws them (a count up to 5,000; numerator ≤ denominator), from a hash
 * of the cell and the report's number, so the same seed loads the same history. Returns counts and seconds.
 */
export async function loadHistory(db, { catalogue, prefix, total, seed }) {
  const cells = allCells(catalogue, THROUGHPUT_YEARS);
  const counts = reportsPerCell(cells.length, total, seed);
  const started = now();
  const [{ max_id: before }] = (
    await db.query(`SELECT coalesce(max(id), 0)::bigint AS max_id FROM indicators.indicator_reports`)
  ).rows;
  await db.query('BEGIN');
  await db.query(`SET LOCAL search_path = indicators`);
  // The cells with their unit's id: the version of the code that exists on the period's last day, as the
  // intake resolves it.
  await db.query(
    `CREATE TEMP TABLE grown_cells ON COMMIT DROP AS
     SELECT c.n, c.indicator_code, o.id AS org_unit_id, c.period, c.period_end, c.agency, c.topic, c.ratio, c.reports
     FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::bool[], $8::int[])
            WITH ORDINALITY AS c(indicator_code, unit_code, period, period_end, agency, topic, ratio, reports, n)
     JOIN org_units o ON o.code = c.unit_code AND o.validity @> c.period_end
     WHERE c.reports > 0`,
    [
      cells.map((c) => c.indicator.code),
      cells.map((c) => c.orgUnitCode),
      cells.map((c) => c.period),
      cells.map((c) => c.periodEnd),
      cells.map((c) => c.indicator.agency),
      cells.map((c) => agencyTopic(prefix, c.indicator.agency)),
      cells.map((c) => c.indicator.aggregation === 'RATIO'),
      counts,
    ],
  );
  const [{ n: cellsFound }] = (await db.query(`SELECT count(*)::int AS n FROM grown_cells`)).rows;
  const cellsWanted = counts.filter((c) => c > 0).length;
  if (cellsFound !== cellsWanted)
    throw new Error(`grown: ${cellsWanted - cellsFound} of the workload's cells have no org unit in the database`);
  // The reports in the order they arrived (ids grow with time), each received two minutes after its ce_time.
  // Every figure is an integer drawn from hashint8 of (cell, report number) and the seed.
  const inserted = await db.query(
    `INSERT INTO indicator_reports (event_source, event_id, agency_code, indicator_code, org_unit_id, period, value,
                                    numerator, denominator, reported_at, received_at, topic)
     SELECT '/agencies/' || c.agency, $1 || '-' || c.n || '-' || k, c.agency, c.indicator_code, c.org_unit_id, c.period,
            CASE WHEN NOT c.ratio THEN h.a % 5001 END,
            CASE WHEN c.ratio THEN h.b % (100 + h.a % 20000 + 1) END,
            CASE WHEN c.ratio THEN 100 + h.a % 20000 END,
            t.at, t.at + interval '2 minutes', c.topic
     FROM grown_cells c
     CROSS JOIN LATERAL generate_series(1, c.reports) AS k
     CROSS JOIN LATERAL (SELECT abs(hashint8(c.n * 64 + k + $2::bigint * 1000003)::bigint) AS a,
                                abs(hashint8(c.n * 64 + k + $2::bigint * 1000003 + 17)::bigint) AS b) h
     CROSS JOIN LATERAL (SELECT c.period_end + interval '1 day' * (k * ${HISTORY_DAYS}.0 / c.reports)
                                + interval '1 second' * (c.n % 86400) AS at) t
     ORDER BY t.at, c.n, k`,
    [LOADED_ID_PREFIX, seed],
  );
  // The current value per cell: its latest report (reported_at, then id), as the intake's upsert keeps it.
  const values = await db.query(
    `INSERT INTO indicator_values (indicator_code, org_unit_id, period, period_end, value, numerator, denominator,
                                   reported_at, report_id, updated_at)
     SELECT DISTINCT ON (r.indicator_code, r.org_unit_id, r.period)
            r.indicator_code, r.org_unit_id, r.period, c.period_end, r.value, r.numerator, r.denominator,
            r.reported_at, r.id, r.received_at
     FROM indicator_reports r JOIN grown_cells c USING (indicator_code, org_unit_id, period)
     WHERE r.id > $1
     ORDER BY r.indicator_code, r.org_unit_id, r.period, r.reported_at DESC, r.id DESC`,
    [before],
  );
  // The inbox: every event applied, so a re-sent one counts once (the intake claims each one here).
  await db.query(
    `INSERT INTO processed_events (event_source, event_id, topic, processed_at)
     SELECT event_source, event_id, topic, received_at FROM indicator_reports WHERE id > $1`,
    [before],
  );
  // The obligation periods the cells' first reports count toward, recounted by the service when it starts (the
  // intake queues the same pairs for the cells that get their first value).
  await db.query(
    `INSERT INTO obligation_progress_queue (indicator_code, period)
     SELECT DISTINCT indicator_code, period FROM grown_cells ORDER BY 1, 2`,
  );
  await db.query('COMMIT');
  return {
    reports: inserted.rowCount,
    cells: values.rowCount,
    reportsPerCell: { min: counts.reduce((a, b) => Math.min(a, b)), max: counts.reduce((a, b) => Math.max(a, b)) },
    years: THROUGHPUT_YEARS.join('-'),
    seconds: (now() - started) / 1000,
  };
}

/**
 * Runs the service's recompute command (`recompute.js`, what `npm run recompute:indicators` runs) on a database:
 * `--check` reports the differences between the stored aggregates and a recomputation from the values and changes
 * nothing; without it, it repairs them. Its output (one JSON line, large when it repairs everything) goes to
 * `outFile`. Returns { differences, tookMs, seconds }.
 */
export function runRecompute({ recomputeJs, databaseUrl, check, outFile, cwd }) {
  return new Promise((resolveRun, reject) => {
    const started = now();
    const child = spawn(process.execPath, [recomputeJs, ...(check ? ['--check'] : [])], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = createWriteStream(outFile);
    child.stdout.pipe(out);
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      out.end(() => {
        // --check exits 2 when it found differences: a result, not a failure.
        if (code !== 0 && !(check && code === 2)) {
          reject(new Error(`recompute${check ? ' --check' : ''} exited with ${code}:\n${err.slice(-3000)}`));
          return;
        }
        try {
          const result = lastJsonLine(readFileSync(outFile, 'utf8'));
          resolveRun({
            differences: result.differences,
            reportedPeriods: result.reportedPeriods.length,
            revalued: result.revalued.length,
            coarserPeriods: result.coarserPeriods.length,
            tookMs: result.tookMs,
            seconds: (now() - started) / 1000,
          });
        } catch (error) {
          reject(error);
        }
      });
    });
  });
}

/** The sizes of the tables that grow with the reports, and of the database. */
async function sizes(db) {
  const { rows } = await db.query(
    `SELECT c.relname AS name, c.reltuples::bigint AS rows, pg_total_relation_size(c.oid) AS bytes
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'indicators' AND c.relkind = 'r'
       AND c.relname IN ('indicator_reports', 'processed_events', 'indicator_values', 'indicator_aggregates',
                         'indicator_unit_rollups', 'aggregate_targets', 'org_unit_scores', 'outbox')
     ORDER BY c.relname`,
  );
  const [{ bytes }] = (await db.query(`SELECT pg_database_size(current_database()) AS bytes`)).rows;
  return {
    databaseMiB: round(Number(bytes) / 2 ** 20, 0),
    tables: Object.fromEntries(
      rows.map((r) => [r.name, { rows: Number(r.rows), mib: round(Number(r.bytes) / 2 ** 20, 1) }]),
    ),
  };
}

/**
 * Builds the grown database `database` (created here) for a service run on topic `prefix`, whose topics exist and
 * are empty: the service's first start migrates and seeds it; the history is loaded (loadHistory); the recompute
 * command builds every aggregate from it, and the events it writes for them are deleted (the relay's retention
 * would have removed them years ago); the service, started once more, does the background work that leaves
 * (judging the aggregates against their targets, scores, obligation counts) and is stopped. VACUUM ANALYZE after
 * the load and at the end stand for the autovacuum runs of those years. Returns what it loaded and how long each
 * step took.
 */
export async function prepareGrownDatabase({
  adminQuery,
  database,
  databaseUrl,
  main,
  recomputeJs,
  root,
  prefix,
  catalogue,
  total,
  seed,
  workDir,
  children,
  port,
  log,
}) {
  const seconds = {};
  const step = async (name, work) => {
    const t0 = now();
    const result = await work();
    seconds[name] = round((now() - t0) / 1000, 1);
    return result;
  };
  const started = now();
  await adminQuery(`CREATE DATABASE "${database}" ENCODING 'UTF8' TEMPLATE template0`);
  const runService = async (logName, work) => {
    const service = startService({ main, port, databaseUrl, prefix, logFile: join(workDir, logName), children });
    try {
      await waitForReady(`http://127.0.0.1:${port}/health/ready`, service);
      await work();
    } finally {
      await stopProcess(service);
    }
  };
  await step('migrateAndSeed', () => runService('indicators-grown-setup.log', async () => {}));
  const db = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-grown' });
  await db.connect();
  try {
    log(`grown: loading ${total} reports into ${database}`);
    const loaded = await step('load', () => loadHistory(db, { catalogue, prefix, total, seed }));
    await step('vacuumAfterLoad', () => db.query('VACUUM (ANALYZE)'));
    log(`grown: ${loaded.reports} reports over ${loaded.cells} cells loaded; recomputing every aggregate from them`);
    const [{ max_id: outboxBefore }] = (
      await db.query(`SELECT coalesce(max(id), 0)::bigint AS max_id FROM indicators.outbox`)
    ).rows;
    const repair = await step('recompute', () =>
      runRecompute({
        recomputeJs,
        databaseUrl,
        check: false,
        outFile: join(workDir, 'recompute-grown-build.json'),
        cwd: root,
      }),
    );
    const deleted = await db.query(`DELETE FROM indicators.outbox WHERE id > $1 AND published_at IS NULL`, [
      outboxBefore,
    ]);
    const queued = (
      await db.query(
        `SELECT (SELECT count(*) FROM indicators.target_evaluation_queue)::int AS targets,
                (SELECT count(*) FROM indicators.obligation_progress_queue)::int AS obligations`,
      )
    ).rows[0];
    log(
      `grown: ${repair.differences} aggregates built in ${repair.seconds.toFixed(1)} s; the service does the background work (${queued.targets} aggregates to judge against targets)`,
    );
    await step('backgroundWork', () => runService('indicators-grown-settle.log', () => settle(db, now())));
    await step('vacuumAtEnd', () => db.query('VACUUM (ANALYZE)'));
    return {
      reports: loaded.reports,
      cells: loaded.cells,
      reportsPerCell: loaded.reportsPerCell,
      years: loaded.years,
      aggregatesBuilt: repair.differences,
      outboxRowsOfTheBuildDeleted: deleted.rowCount,
      queuedForTheService: queued,
      seconds,
      totalSeconds: round((now() - started) / 1000, 1),
      ...(await sizes(db)),
    };
  } finally {
    await db.end();
  }
}
