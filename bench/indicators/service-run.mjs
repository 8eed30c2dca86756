// The indicators service as bench/indicators/run.mjs runs it: started on a database and a topic prefix of the run,
// its intake of N waiting events measured, its background work waited for, its metrics read. The same code runs
// on the fresh database and on the grown one (grown.mjs), so the two throughputs are measured alike.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { committedCount, now, round, sleep, spawnIndicators } from './lib.mjs';

/** The events an outbox row holds: one, or each of a fan-out row's. */
export const OUTBOX_EVENTS = 'CASE WHEN fan_out THEN json_array_length(payload::json) ELSE 1 END';

/** BENCH_SERVICE_ENV (`NAME=value` pairs separated by spaces): settings of the service other than the defaults. */
export function serviceSettings(text = process.env.BENCH_SERVICE_ENV ?? '') {
  const pairs = text.split(/\s+/).filter(Boolean);
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`BENCH_SERVICE_ENV: '${pair}' is not NAME=value`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

/**
 * Spawns the service (`main`, a build's main.js) on `port`, `databaseUrl` and topic `prefix`, its log in
 * `logFile`; `children` (a Set) holds it until it exits, for the run's cleanup.
 */
export function startService({ main, port, databaseUrl, prefix, logFile, children }) {
  const child = spawnIndicators({
    main,
    port,
    databaseUrl,
    topicPrefix: prefix,
    logFile,
    settings: serviceSettings(),
  });
  children.add(child);
  child.exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  child.exited.then(() => children.delete(child));
  return child;
}

export async function waitForReady(url, child, timeoutMs = 180_000) {
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

export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Prometheus text → { name{labels}: value }. */
export async function scrapeMetrics(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const out = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out[line.slice(0, i)] = Number(line.slice(i + 1));
  }
  return out;
}

export function metricSum(metrics, name, labelFilter = '') {
  let sum = 0;
  for (const [key, value] of Object.entries(metrics)) {
    const base = key.split('{')[0];
    if (base === name && key.includes(labelFilter)) sum += value;
  }
  return sum;
}

/** A quantile of a Prometheus histogram from its cumulative buckets (the bucket's upper bound). */
export function histogramQuantile(metrics, name, labelFilter, q) {
  const buckets = Object.entries(metrics)
    .filter(([k]) => k.startsWith(`${name}_bucket{`) && k.includes(labelFilter))
    .map(([k, v]) => ({ le: k.match(/le="([^"]+)"/)[1], v }))
    .map(({ le, v }) => ({ le: le === '+Inf' ? Infinity : Number(le), v }))
    .sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.v ?? 0;
  if (total === 0) return null;
  return buckets.find((b) => b.v >= q * total)?.le ?? null;
}

export function msOrNull(seconds) {
  return seconds === null ? null : seconds === Infinity ? 'inf' : round(seconds * 1000, 0);
}

/**
 * Waits until the service's background queues (whichever of them its schema has) are empty and its outbox is
 * published, read in one snapshot: a job's transaction that took queue rows holds them visible until it commits
 * its outbox rows. Returns the seconds from `since` (the intake's last commit).
 */
export async function settle(db, since, timeoutMs = 600_000) {
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
    if (now() - start > timeoutMs)
      throw new Error(`the service's background work was not done in ${Math.round(timeoutMs / 60_000)} minutes`);
    await sleep(100);
  }
  return (now() - since) / 1000;
}

/** The last report and outbox ids of a database; 0 when it has no schema yet or does not exist (the service creates it). */
async function lastIds(databaseUrl) {
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    await db.connect();
    const { rows } = await db.query(
      `SELECT (SELECT coalesce(max(id), 0) FROM indicators.indicator_reports)::text AS report,
              (SELECT coalesce(max(id), 0) FROM indicators.outbox)::text AS outbox`,
    );
    return rows[0];
  } catch {
    return { report: '0', outbox: '0' };
  } finally {
    await db.end().catch(() => {});
  }
}

/**
 * The service's intake of the N events waiting on `topics` (end offsets `ends`): starts the service on
 * `databaseUrl` (which may hold data already: only reports and outbox rows written from now on count), waits
 * until its consumer group committed every offset, then checks the result (`verify(db)`), lets the outbox
 * drain and the background work settle. Returns the running service, its port, an open client of its database
 * and the figures: events/s from the first batch's transaction to the last commit, and the details.
 */
export async function measureIntake({
  main,
  databaseUrl,
  database,
  prefix,
  topics,
  ends,
  N,
  kafka,
  sampler,
  children,
  port,
  logFile,
  verify,
  log,
}) {
  // On a database that already holds reports (grown.mjs), only those of this intake count.
  const baseline = await lastIds(databaseUrl);
  log(`service: starting on port ${port} with database ${database}`);
  const spawnedAt = now();
  const service = startService({ main, port, databaseUrl, prefix, logFile, children });
  sampler.track('service', () => [service.pid]);
  sampler.trackDatabase('servicePg', database);
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
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const [first] = (
    await db.query(
      `SELECT (extract(epoch FROM min(received_at)) * 1000)::float8 AS t0, count(*)::int AS reports
       FROM indicators.indicator_reports WHERE id > $1`,
      [baseline.report],
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
              coalesce(sum(${OUTBOX_EVENTS}), 0)::int AS total FROM indicators.outbox WHERE id > $1`,
      [baseline.outbox],
    )
  ).rows[0];
  log(
    `service: ${Math.round(eventsPerSec)} events/s (${N} in ${serviceSeconds.toFixed(2)} s from its first batch; ` +
      `started consuming ${((intakeStart - spawnedAt) / 1000).toFixed(1)} s after spawn, ready after ${((readyAt - spawnedAt) / 1000).toFixed(1)} s)`,
  );

  const verification = await verify(db);
  log(`service: ${verification.ok ? 'checked' : 'MISMATCH'}: ${JSON.stringify(verification)}`);

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
  const outboxTotal = (
    await db.query(`SELECT coalesce(sum(${OUTBOX_EVENTS}), 0)::int AS total FROM indicators.outbox WHERE id > $1`, [
      baseline.outbox,
    ])
  ).rows[0].total;
  // The aggregate changes those events carry: many per dx.indicator-aggregates.updated, one per
  // dx.indicator-aggregate.updated (what builds before it published).
  const aggregateChanges = (
    await db.query(
      `SELECT coalesce(sum(CASE o.event_type WHEN 'dx.indicator-aggregates.updated'
                                THEN json_array_length(e->'payload'->'aggregates') ELSE 1 END), 0)::int AS changes
       FROM indicators.outbox o, json_array_elements(o.payload::json) e
       WHERE o.id > $1 AND o.fan_out AND o.event_type IN ('dx.indicator-aggregates.updated', 'dx.indicator-aggregate.updated')`,
      [baseline.outbox],
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

  const batchCount = metricSum(metricsAtIntakeEnd, 'dx_consumer_batch_seconds_count', 'indicators-intake');
  const batchSum = metricSum(metricsAtIntakeEnd, 'dx_consumer_batch_seconds_sum', 'indicators-intake');
  const figures = {
    eventsPerSec: round(eventsPerSec, 0),
    seconds: round(serviceSeconds, 2),
    eventsPerSecMiddle80: round(middle, 0),
    consumingAfterSpawnSeconds: round((intakeStart - spawnedAt) / 1000, 2),
    readyAfterSpawnSeconds: round((readyAt - spawnedAt) / 1000, 2),
    batches: batchCount,
    meanBatchEvents: batchCount ? round(N / batchCount, 0) : null,
    meanBatchMs: batchCount ? round((batchSum / batchCount) * 1000, 1) : null,
    batchMsP50: msOrNull(histogramQuantile(metricsAtIntakeEnd, 'dx_consumer_batch_seconds', 'indicators-intake', 0.5)),
    batchMsP99: msOrNull(histogramQuantile(metricsAtIntakeEnd, 'dx_consumer_batch_seconds', 'indicators-intake', 0.99)),
    busyShare: round(batchSum / serviceSeconds, 2),
    reportsApplied: metricSum(metricsAtIntakeEnd, 'dx_indicator_reports_applied_total'),
    reportsDuplicate: metricSum(metricsAtIntakeEnd, 'dx_indicator_reports_duplicate_total'),
    reportsRejected: metricSum(metricsAtIntakeEnd, 'dx_indicator_reports_rejected_total'),
    reportsStored: first.reports,
    aggregateEventsAtIntakeEnd: outboxAtEnd.total,
    aggregateEventsUnpublishedAtIntakeEnd: outboxAtEnd.pending,
    outboxDrainSeconds: round(drainSeconds, 1),
    settledAfterSeconds: round(settleSeconds, 1),
    aggregateEventsTotal: outboxTotal,
    aggregateChangesTotal: aggregateChanges,
    verified: verification,
    cpuCores: intakeCpu,
  };
  return { service, db, figures };
}
