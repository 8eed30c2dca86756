// Baseline (b): a naive, one-transaction-per-event handler — the straightforward way to write the intake,
// written fairly: prepared statements, one pooled connection kept open, the catalogue and the hierarchy in
// memory (cheaper than the service's closure-table join), the same fetch settings as the service. Per
// event: decode and check it, BEGIN, store the report once (its (source, id) is the dedupe key), lock and
// read the cell's current value, upsert it, move the aggregate of the org unit and of each ancestor by the
// difference (one statement each), COMMIT. Offsets are committed after each batch, as the service does.
// It does less than the service (no outbox events, no roll-up over time), which only flatters it.
//
//   BENCH_TOPICS=... BENCH_GROUP=... BENCH_TARGET=20000 BENCH_DATABASE_URL=... SEEDS_DIR=... node bench/indicators/naive-consumer.mjs
// Prints one JSON line: events, seconds (first batch in to the event that reached the target), eventsPerSec.
import pg from 'pg';
import { headerText, kafkaGateway, messaging, now } from './lib.mjs';
import { loadCatalogue, PROVINCE_CODE } from './workload.mjs';

const topics = process.env.BENCH_TOPICS.split(',');
const target = Number(process.env.BENCH_TARGET);
const catalogue = loadCatalogue(process.env.SEEDS_DIR);
const indicators = new Map(catalogue.indicators.map((i) => [i.code, i]));
const units = new Map(catalogue.units.map((u) => [u.code, u]));

const db = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL, application_name: 'bench-naive' });
await db.connect();
await db.query(`
  CREATE TABLE IF NOT EXISTS naive_reports (
    id bigserial PRIMARY KEY, event_source text NOT NULL, event_id text NOT NULL, agency_code text NOT NULL,
    indicator_code text NOT NULL, org_unit_code text NOT NULL, period text NOT NULL,
    value numeric, numerator numeric, denominator numeric, reported_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(), topic text NOT NULL,
    UNIQUE (event_source, event_id));
  CREATE TABLE IF NOT EXISTS naive_values (
    indicator_code text NOT NULL, org_unit_code text NOT NULL, period text NOT NULL,
    value numeric, numerator numeric, denominator numeric, reported_at timestamptz NOT NULL, report_id bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (indicator_code, org_unit_code, period));
  CREATE TABLE IF NOT EXISTS naive_aggregates (
    indicator_code text NOT NULL, org_unit_code text NOT NULL, period text NOT NULL,
    value_sum numeric NOT NULL DEFAULT 0, value_count bigint NOT NULL DEFAULT 0,
    numerator_sum numeric NOT NULL DEFAULT 0, denominator_sum numeric NOT NULL DEFAULT 0,
    version bigint NOT NULL DEFAULT 1, updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (indicator_code, org_unit_code, period));`);

const INSERT_REPORT = {
  name: 'insert-report',
  text: `INSERT INTO naive_reports (event_source, event_id, agency_code, indicator_code, org_unit_code, period, value, numerator, denominator, reported_at, topic)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (event_source, event_id) DO NOTHING RETURNING id`,
};
const LOCK_VALUE = {
  name: 'lock-value',
  text: `SELECT value::text, numerator::text, denominator::text, reported_at, report_id FROM naive_values
         WHERE indicator_code = $1 AND org_unit_code = $2 AND period = $3 FOR UPDATE`,
};
const UPSERT_VALUE = {
  name: 'upsert-value',
  text: `INSERT INTO naive_values (indicator_code, org_unit_code, period, value, numerator, denominator, reported_at, report_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (indicator_code, org_unit_code, period) DO UPDATE
           SET value = EXCLUDED.value, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator,
               reported_at = EXCLUDED.reported_at, report_id = EXCLUDED.report_id, updated_at = now()`,
};
const MOVE_AGGREGATE = {
  name: 'move-aggregate',
  text: `INSERT INTO naive_aggregates AS a (indicator_code, org_unit_code, period, value_sum, value_count, numerator_sum, denominator_sum)
         VALUES ($1, $2, $3, coalesce($4::numeric, 0) - coalesce($5::numeric, 0), $6,
                 coalesce($7::numeric, 0) - coalesce($8::numeric, 0), coalesce($9::numeric, 0) - coalesce($10::numeric, 0))
         ON CONFLICT (indicator_code, org_unit_code, period) DO UPDATE
           SET value_sum = a.value_sum + EXCLUDED.value_sum, value_count = a.value_count + EXCLUDED.value_count,
               numerator_sum = a.numerator_sum + EXCLUDED.numerator_sum, denominator_sum = a.denominator_sum + EXCLUDED.denominator_sum,
               version = a.version + 1, updated_at = now()`,
};

let applied = 0;
let superseded = 0;
let duplicates = 0;
let rejected = 0;

/** A report's checks, as the service makes them (agency from the topic, known indicator and unit, shape). */
function check(topic, message) {
  const h = message.headers ?? {};
  if (headerText(h.ce_specversion) !== '1.0' || headerText(h.ce_type) !== 'dx.indicator-value.reported') return null;
  const agency = /dx\.agency\.([A-Z0-9]+)\.indicator-values$/.exec(topic)?.[1];
  const source = headerText(h.ce_source);
  if (!agency || source !== `/agencies/${agency}`) return null;
  let body;
  try {
    body = JSON.parse(message.value.toString('utf8'));
  } catch {
    return null;
  }
  const indicator = indicators.get(body.indicatorCode);
  const unit = units.get(body.orgUnitCode);
  if (!indicator || !unit || typeof body.period !== 'string') return null;
  const ratio = indicator.aggregation === 'RATIO';
  if (ratio ? !(body.denominator > 0 && body.numerator >= 0) : typeof body.value !== 'number') return null;
  return {
    source,
    id: headerText(h.ce_id),
    agency,
    topic,
    indicator: indicator.code,
    unit: unit.code,
    ancestors: unit.district === unit.code ? [unit.code, PROVINCE_CODE] : [unit.code, unit.district, PROVINCE_CODE],
    period: body.period,
    value: ratio ? null : String(body.value),
    numerator: ratio ? String(body.numerator) : null,
    denominator: ratio ? String(body.denominator) : null,
    reportedAt: headerText(h.ce_time) ?? new Date().toISOString(),
  };
}

async function handle(r) {
  await db.query('BEGIN');
  try {
    const stored = await db.query(INSERT_REPORT, [
      r.source,
      r.id,
      r.agency,
      r.indicator,
      r.unit,
      r.period,
      r.value,
      r.numerator,
      r.denominator,
      r.reportedAt,
      r.topic,
    ]);
    if (stored.rowCount === 0) {
      duplicates++;
      await db.query('COMMIT');
      return;
    }
    const reportId = stored.rows[0].id;
    const prev = (await db.query(LOCK_VALUE, [r.indicator, r.unit, r.period])).rows[0];
    // The latest report per cell wins; an older one is kept in the history only.
    if (
      prev &&
      (new Date(prev.reported_at) > new Date(r.reportedAt) ||
        (+prev.reported_at === +new Date(r.reportedAt) && BigInt(prev.report_id) > BigInt(reportId)))
    ) {
      superseded++;
      await db.query('COMMIT');
      return;
    }
    await db.query(UPSERT_VALUE, [
      r.indicator,
      r.unit,
      r.period,
      r.value,
      r.numerator,
      r.denominator,
      r.reportedAt,
      reportId,
    ]);
    for (const ancestor of r.ancestors) {
      await db.query(MOVE_AGGREGATE, [
        r.indicator,
        ancestor,
        r.period,
        r.value,
        prev?.value ?? null,
        prev ? 0 : 1,
        r.numerator,
        prev?.numerator ?? null,
        r.denominator,
        prev?.denominator ?? null,
      ]);
    }
    await db.query('COMMIT');
    applied++;
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

const gateway = kafkaGateway('bench-naive');
let processed = 0;
let batches = 0;
let startedAt;
let cpuAtStart; // from the first batch: joining the group is not the work measured
let cpu;
let endedAt;
let finish;
const finished = new Promise((resolve) => (finish = resolve));

// Offsets are committed after each batch, as the service commits after each transaction group.
const subscription = await messaging.consumeRecordBatches(
  gateway,
  { groupId: process.env.BENCH_GROUP, topics, fromBeginning: true, commit: 'after-each-batch' },
  async (batch) => {
    startedAt ??= now();
    cpuAtStart ??= process.cpuUsage();
    if (endedAt !== undefined) return;
    for (const record of batch.records) {
      const report = check(batch.topic, record);
      if (report) await handle(report);
      else rejected++;
      if (++processed >= target) {
        endedAt = now();
        break;
      }
    }
    batches++;
    if (endedAt !== undefined) {
      cpu = process.cpuUsage(cpuAtStart);
      finish();
    }
  },
);
await finished;
await subscription.stop();
await gateway.close();
const [{ count }] = (await db.query('SELECT count(*)::int AS count FROM naive_reports')).rows;
await db.end();
const seconds = (endedAt - startedAt) / 1000;
console.log(
  JSON.stringify({
    events: processed,
    applied,
    superseded,
    duplicates,
    rejected,
    reportsStored: count,
    batches,
    seconds,
    eventsPerSec: processed / seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  }),
);
process.exit(0);
