// The indicators section of bench/RESULTS.md, written by bench/indicators/run.mjs from a run's result: the last
// run's figures against issue 19's targets, what each was measured on, the method, and one history row per run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSection } from '../results-file.mjs';
import { SEND_TICK_MS } from './latency.mjs';

const SECTION_START = '<!-- indicators-bench:start (written by bench/indicators/run.mjs) -->';
const SECTION_END = '<!-- indicators-bench:end -->';
const HISTORY_START = '<!-- history: one row per run, newest first; the bench adds a row -->';
const HISTORY_END = '<!-- /history -->';

/** The history's columns; rows written before a column existed get '–' in it (see historyRows). */
const HISTORY_COLUMNS = [
  'date (UTC)',
  'N',
  'events/s',
  'floor',
  'ceiling',
  'naive',
  'p50 ms',
  'p99 ms',
  'p99 ms at 1000/s',
  'grown events/s',
  'grown p99 ms at 1000/s',
  'read p50 ms',
  'read p99 ms',
  'cores',
  'code',
  'command',
];
/** The columns of the rows written before issue 19 (10 cells), in their order. */
const ISSUE_4_COLUMNS = [
  'date (UTC)',
  'N',
  'events/s',
  'ceiling',
  'naive',
  'p50 ms',
  'p99 ms',
  'cores',
  'code',
  'command',
];

const cellsOf = (line) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/** The previous rows of the history, each in today's columns. */
function historyRows(previous) {
  if (!previous.includes(HISTORY_START) || !previous.includes(HISTORY_END)) return [];
  return previous
    .slice(previous.indexOf(HISTORY_START) + HISTORY_START.length, previous.indexOf(HISTORY_END))
    .split('\n')
    .filter((l) => l.startsWith('| 20'))
    .map((line) => {
      const cells = cellsOf(line);
      if (cells.length !== ISSUE_4_COLUMNS.length) return line;
      const byName = Object.fromEntries(ISSUE_4_COLUMNS.map((name, i) => [name, cells[i]]));
      return `| ${HISTORY_COLUMNS.map((name) => byName[name] ?? '–').join(' | ')} |`;
    });
}

const yes = (b) => (b ? 'met' : '**not met**');
const num = (n) => (n === null || n === undefined ? '–' : String(n));
const pct = (share) => (share === null || share === undefined ? '–' : `${(share * 100).toFixed(1)} %`);
const all = (latency) => (latency && latency.measured === latency.sent ? '' : ' (not all events reflected)');

/** CPU in cores of the processes of a window, named as the run tracked them. */
function cores(c, names) {
  return names
    .filter(([key]) => c[key] !== undefined)
    .map(([key, name]) => `${name} ${c[key]}`)
    .join(', ');
}
const SERVICE_CPU = [
  ['machine', 'machine'],
  ['service', 'service'],
  ['servicePg', 'its PostgreSQL backends'],
  ['broker', 'broker'],
  ['pgWal', 'PostgreSQL WAL writer, checkpointer and background writer'],
  ['autovacuum', 'autovacuum'],
  ['readers', 'readers'],
  ['bench', 'bench'],
  ['other', 'anything else'],
];

function latencyParagraph(label, l) {
  if (!l) return '';
  return `${label}: ${l.sent} events sent at ${l.achievedRate}/s (sender at most ${l.maxSenderLagMs} ms behind schedule), ${l.measured} measured${l.unresolved ? ` and **${l.unresolved} not reflected within 30 s of the last send** (counted with the time they had waited, so the percentiles are lower bounds)` : ''} over
${l.streams} (indicator, period) streams; p50 ${l.p50Ms} ms, p90 ${l.p90Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms, mean ${l.meanMs} ms. CPU: ${cores(l.cpuCores, SERVICE_CPU)}
(${l.serviceCpuMsPerEvent} CPU ms per event for the service and its backends). Stages, p50/p99 ms: send → transaction start
${l.stagesMs.toTransaction.p50}/${l.stagesMs.toTransaction.p99}, → relay send ${l.stagesMs.transactionToRelay.p50}/${l.stagesMs.transactionToRelay.p99}, → read ${l.stagesMs.relayToRead.p50}/${l.stagesMs.relayToRead.p99}.`;
}

function intakeParagraph(label, s) {
  const v = s.verified;
  const checked =
    v.cells !== undefined
      ? `Checked: ${v.cells - v.cellsNotAsSent} of the ${v.cells} cells sent hold the figures last sent; ${v.provinceAggregates - v.mismatches} of ${v.provinceAggregates} province aggregates touched equal the sums of their cells' current values.`
      : `Province aggregates checked against the sums of the events sent: ${v.ok ? `all ${v.provinceAggregates} match` : `**${v.mismatches} of ${v.provinceAggregates} differ**`}.`;
  return `${label}: ${s.seconds} s from its first batch to its last commit (${s.eventsPerSecMiddle80 ?? '–'} events/s between 10 % and 90 % of
the events); ${s.batches} batches, ${s.meanBatchEvents} events and ${s.meanBatchMs} ms each on average (p50 ≤ ${s.batchMsP50} ms, p99 ≤ ${s.batchMsP99} ms by histogram bucket), batch work
${Math.round(s.busyShare * 100)} % of the wall time; ${s.reportsApplied} reports applied, ${s.reportsDuplicate} duplicates, ${s.reportsRejected} rejected, ${s.deadLettered} dead-lettered.
${checked}
CPU during intake, in cores (1.0 = one core busy): ${cores(s.cpuCores, SERVICE_CPU)}.
The service wrote ${s.aggregateEventsAtIntakeEnd} events to its outbox during intake; ${s.aggregateEventsUnpublishedAtIntakeEnd} were still unpublished when the
last offset was committed, and the relay needed ${s.outboxDrainSeconds} s more to publish them (${s.aggregateEventsTotal} in all, carrying ${s.aggregateChangesTotal} aggregate changes).
The background work the intake left (standings, scores, completeness counts and their events) was done ${s.settledAfterSeconds} s after the last commit; the paced runs
started then. Startup (migrations, seeds) is not counted: the service began consuming ${s.consumingAfterSpawnSeconds} s after it was spawned.`;
}

function grownParagraph(r) {
  const g = r.grown;
  if (!g) return '**Grown database:** not measured in this run (`BENCH_GROWN_REPORTS=0`).';
  const l = g.load;
  const t = l.tables;
  const rows = (name) => (t[name] ? `${t[name].rows} rows (${t[name].mib} MiB)` : '–');
  return `**Grown database:** **${l.reports} stored reports** (${l.reportsPerCell.min}–${l.reportsPerCell.max} per cell: a first report and its
corrections) over ${l.cells} cells — every cell of the workload's ${r.workload.indicators} indicators, district-level units and communes, ${l.years} — ready in
${l.totalSeconds} s: the service's first start (migrations, seeds) ${l.seconds.migrateAndSeed} s, the SQL load ${l.seconds.load} s, VACUUM ANALYZE ${l.seconds.vacuumAfterLoad} s,
\`recompute.js\` building ${l.aggregatesBuilt} aggregates from the values ${l.seconds.recompute} s (its ${l.outboxRowsOfTheBuildDeleted} outbox row(s) deleted), the service's background work
on them (${l.queuedForTheService.targets} aggregates judged against targets, obligation counts, scores) ${l.seconds.backgroundWork} s, VACUUM ANALYZE ${l.seconds.vacuumAtEnd} s. Database
${l.databaseMiB} MiB: reports ${rows('indicator_reports')}, inbox ${rows('processed_events')}, current values ${rows('indicator_values')},
aggregates ${rows('indicator_aggregates')}, unit roll-ups ${rows('indicator_unit_rollups')}, standings ${rows('aggregate_targets')}, scores ${rows('org_unit_scores')}.

${intakeParagraph('The same N events on it (every one now lands on a cell that holds a value)', g.intake)}

${latencyParagraph(`Grown, latency at ${g.latencyAt1000.rate}/s`, g.latencyAt1000)}

${latencyParagraph(`Grown, latency at ${g.latency.rate}/s`, g.latency)}`;
}

function readsParagraph(r) {
  const x = r.reads;
  const levels = Object.entries(x.byLevel)
    .map(([level, s]) => `${level} ${s.reads} reads, p50 ${s.p50Ms} / p99 ${s.p99Ms} ms`)
    .join('; ');
  const statuses = Object.entries(x.statuses)
    .map(([status, count]) => `${count} × ${status}`)
    .join(', ');
  return `**Reads under load:** ${x.readers} readers${x.pauseMs ? ` pausing ${x.pauseMs} ms between reads` : ', no pause between reads'}, ${x.reads} reads in ${x.seconds} s (${x.readsPerSec}/s) after a ${x.warmupMs} ms warm-up: p50 ${x.p50Ms} ms, p90 ${x.p90Ms} ms,
p99 ${x.p99Ms} ms, max ${x.maxMs} ms; answers ${statuses}${x.not200 ? ` — **${x.not200} not 200**${x.failures ? ` (e.g. ${x.failures.map((f) => `${f.status} for \`${f.query}\``).join('; ')})` : ''}` : ''}. By level: ${levels}.
Meanwhile the events at ${x.events.rate}/s: p50 ${x.events.p50Ms} ms, p99 ${x.events.p99Ms} ms${all(x.events)}; CPU ${cores(x.events.cpuCores, SERVICE_CPU)}.`;
}

function recomputeParagraph(r) {
  const lines = Object.entries(r.recompute).map(
    ([name, c]) =>
      `${name} database ${c.differences} (${c.reportedPeriods} reported-period, ${c.coarserPeriods} coarser-period, ${c.revalued} revalued; ${c.seconds.toFixed(1)} s)`,
  );
  return `**\`recompute.js --check\`** (\`npm run recompute:indicators -- --check\`) after the runs, the service stopped, differences found: ${lines.join('; ')}.`;
}

function autovacuumParagraph(r) {
  const a = r.autovacuumRun;
  const did = (name, x) =>
    x
      ? `${name}: ${x.vacuums} vacuums, ${x.analyzes} analyzes (${[...new Set([...x.vacuumed, ...x.analyzed])].join(', ') || 'no table'})`
      : '';
  return `**Autovacuum:** \`SHOW autovacuum\` on a connection to the service's database during the run: **${a.seenByTheService}**${a.turnedOnForTheRun ? ` (the server has it ${a.serverHadIt}: the bench turned it on for the run with \`ALTER SYSTEM\` and put it back after)` : ''}. What it did, by the
statistics of the service's tables at the end of each database's runs — ${[did('fresh', a.fresh), did('grown', a.grown)].filter(Boolean).join('; ')}.`;
}

/** Writes the run's section (and history row) into bench/RESULTS.md. */
export async function writeIndicatorsResults(r, { root }) {
  const resultsFile = join(root, 'bench', 'RESULTS.md');
  const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
  const oldRows = historyRows(previous);
  const s = r.service;
  const T = r.targetValues;
  const row = `| ${[
    r.date.slice(0, 16).replace('T', ' '),
    r.N,
    r.eventsPerSec,
    r.floorEventsPerSec,
    r.ceilingEventsPerSec,
    r.naiveEventsPerSec,
    r.p50Ms,
    r.p99Ms,
    r.p99MsAt1000,
    num(r.grownEventsPerSec),
    num(r.grownP99MsAt1000),
    r.readP50Ms,
    r.readP99Ms,
    r.machine.cores,
    `${r.machine.gitCommit}${r.machine.gitUncommittedFiles ? ` (+${r.machine.gitUncommittedFiles} uncommitted)` : ''}`,
    `\`${r.command}\``,
  ].join(' | ')} |`;
  const g = r.grown;
  const section = `${SECTION_START}

## Indicators intake (\`npm run bench:indicators\`)

Issues 4 (point 6) and 19 (point 4): the indicators service's intake against the database's floor, the transport's
ceiling and a naive handler; its latency at 1,000 and 2,000 events/s; reads of \`GET /v1/aggregates\` while it takes
events; and the same intake and latency again once the database holds 1,000,000 stored reports — measured in one run
on the same machine, one process at a time. This file is written by \`bench/indicators/run.mjs\`; the figures below
are the last run's, as measured (nothing here is edited by hand).

### Last run

- **Date:** ${r.date} (the run took ${r.runSeconds} s)
- **Command:** \`${r.command}\` (from the repository root; the npm script builds first)
- **Machine:** ${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB, ${r.machine.platform}; Node ${r.machine.node}; load average ${r.machine.loadAverage1mAtStart} at start
- **Broker:** Apache Kafka ${r.broker.kafka} (single KRaft node, \`${r.broker.brokers}\`, infra/kafka), ${r.broker.partitionsPerTopic} partitions per topic; kafkajs ${r.broker.kafkajs}
- **Database:** PostgreSQL ${r.postgres} on 127.0.0.1 (synchronous commit on, autovacuum ${r.autovacuum})
- **Code:** commit ${r.machine.gitCommit}${r.machine.gitUncommittedFiles ? `, with ${r.machine.gitUncommittedFiles} uncommitted file(s) under apps/ and libs/ in the working tree` : ', clean working tree'}${r.machine.serviceCheckout === '.' ? '' : ` (the service built in ${r.machine.serviceCheckout})`}

| measure | result | target (issue 19, 2 cores, one run) | |
| --- | --- | --- | --- |
| service intake, events/s (N = ${r.N}) | **${r.eventsPerSec}** | | |
| floor: the "time" step at ${r.floor.reportsPerTransaction} reports per transaction, 2 cores at most, events/s | ${r.floorEventsPerSec} | | |
| service / floor | ${pct(r.ofFloor)} | ≥ ${T.ofFloor * 100} % | ${yes(r.targets.ofFloor)} |
| (b) naive one-transaction-per-event, events/s (first ${r.naive.events} events) | ${r.naiveEventsPerSec} | | |
| service / naive | ${r.timesNaive}× | ≥ ${T.timesNaive}× | ${yes(r.targets.timesNaive)} |
| (a) ceiling: decode-and-count consumer, events/s (informative) | ${r.ceilingEventsPerSec} | | |
| service / ceiling (informative) | ${pct(r.ofCeiling)} | | |
| event → province aggregate latency at ${r.latencyAt1000.rate}/s, p50 | ${r.p50MsAt1000} ms | | |
| event → province aggregate latency at ${r.latencyAt1000.rate}/s, p99 | **${r.p99MsAt1000} ms**${all(r.latencyAt1000)} | < ${T.p99MsAt1000} ms | ${yes(r.targets.p99MsAt1000)} |
| event → province aggregate latency at ${r.latency.rate}/s, p50 | ${r.p50Ms} ms | | |
| event → province aggregate latency at ${r.latency.rate}/s, p99 | **${r.p99Ms} ms**${all(r.latency)} | < ${T.p99Ms} ms | ${yes(r.targets.p99Ms)} |
| grown database (${g ? g.load.reports : '–'} reports stored): intake, events/s | **${num(r.grownEventsPerSec)}** | | |
| grown / fresh intake | ${pct(r.grownOfFresh)} | ≥ ${T.grownOfFresh * 100} % | ${yes(r.targets.grownOfFresh)} |
| grown database: latency at ${g ? g.latencyAt1000.rate : 1000}/s, p99 | **${num(r.grownP99MsAt1000)} ms**${g ? all(g.latencyAt1000) : ''} | < ${T.grownP99MsAt1000} ms | ${yes(r.targets.grownP99MsAt1000)} |
| grown database: latency at ${g ? g.latency.rate : '–'}/s, p99 (informative) | ${num(r.grownP99Ms)} ms${g ? all(g.latency) : ''} | | |
| \`GET /v1/aggregates\`, ${r.reads.readers} readers, events at ${r.reads.events.rate}/s: p50 | ${r.readP50Ms} ms | | |
| \`GET /v1/aggregates\`, ${r.reads.readers} readers, events at ${r.reads.events.rate}/s: p99 | **${r.readP99Ms} ms** (${r.reads.reads} reads, ${r.reads.not200} not 200) | < ${T.readP99Ms} ms, every answer 200 | ${yes(r.targets.readP99Ms)} |
| \`recompute.js --check\`: differences after the run (${Object.keys(r.recompute).join(' + ')} database) | **${r.recomputeDifferences}** | 0, on the grown database | ${yes(r.targets.recomputeDifferences)} |

**Fresh database.** ${intakeParagraph('The service', s)}

${latencyParagraph(`Latency at ${r.latencyAt1000.rate}/s`, r.latencyAt1000)}

${latencyParagraph(`Latency at ${r.latency.rate}/s`, r.latency)}

${readsParagraph(r)}

${grownParagraph(r)}

${recomputeParagraph(r)}

${autovacuumParagraph(r)}

**Floor** (same run, same ${r.N} events): ${r.floor.eventsPerSec} events/s on one connection (${r.floor.seconds} s), PostgreSQL ${r.floor.pgCpuUsPerEvent} and the bench process ${r.floor.nodeCpuUsPerEvent} CPU µs
per event, so ${r.floorEventsPerSec} events/s on 2 cores at most; ${r.floor.aggregateRowsWritten} aggregate rows written; province aggregates ${r.floor.verified.provinceAggregates - r.floor.verified.mismatches}/${r.floor.verified.provinceAggregates} equal to the events' sums.

**Baselines:** the ceiling is the best of ${r.ceiling.reads.length} reads of all ${r.ceiling.events} events (${r.ceiling.reads.join(', ')} events/s); the best took ${r.ceiling.seconds} s (${r.ceiling.batches} batches, ${r.ceiling.cpuSeconds} CPU s; CPU machine ${r.ceiling.cpuCores.machine}, consumer ${Object.entries(r.ceiling.cpuCores).find(([k]) => k.startsWith('ceiling'))?.[1] ?? '–'}, broker ${r.ceiling.cpuCores.broker}, anything else ${r.ceiling.cpuCores.other}). The naive handler
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
- **Floor.** \`bench/indicators/floor.mjs\`'s last step ("time": store the reports, keep the current value per cell, move
  the aggregates over the hierarchy and roll them up over time, set-based, nothing else), run by this bench on the same
  N events in transactions of the service's own \`INTAKE_MAX_REPORTS_PER_TRANSACTION\` (${r.floor.reportsPerTransaction}), on a database of its own. Its
  "2 cores at most" is 2 ÷ (CPU per event of its PostgreSQL backend and its process): what two cores could do if
  nothing else ran, not even the broker. \`npm run bench:indicators:floor\` runs every step at several sizes.
- **(a) Ceiling.** \`bench/indicators/ceiling-consumer.mjs\`, its own process and consumer group: the messaging lib's raw record batches (kafkajs \`eachBatch\`) with the
  service's fetch settings (1 MiB per partition, one partition at a time), \`JSON.parse\` of each value, the \`ce_*\` and
  content-type headers read, a count. No validation, no database, no offset commits. Timed from its first batch to the
  batch that brought the count to N; read ${r.ceiling.reads.length} times (a fresh process and group each), the best read counts. Informative since issue 19.
- **(b) Naive.** \`bench/indicators/naive-consumer.mjs\`, its own process, consumer group and database: per event, BEGIN; insert
  the report (dedupe on source and id); \`SELECT … FOR UPDATE\` the cell's current value; upsert it; move the aggregate of
  the org unit, its district and the province by the difference, one statement each; COMMIT. Prepared statements, one
  connection, catalogue and hierarchy in memory, offsets committed per batch. It does less than the service (no outbox
  events, no roll-up over time), which only flatters it. Timed from its first batch to its ${r.naive.events}th event.
- **Service.** \`node dist/apps/indicators/src/main.js\` on a fresh database and topic prefix, started with all N events
  waiting (LOG_LEVEL=warn, default pool and batch settings). Throughput = N / (time the last offset was committed −
  start of its first batch's transaction). The end is found by polling the consumer group's committed offsets every
  20 ms (a commit follows the batch's transaction); the start is \`min(received_at)\` of the reports it stored (the first
  transaction's \`now()\`), so start-up, migrations and seeding are excluded. Then the province aggregates of every
  (indicator, period) are compared with the sums of the last value sent per cell.
- **Latency.** Once the intake's background work is done (its queues empty, its outbox published), the same service gets new events paced at
  ${r.latencyAt1000.rate}/s for ${r.latencyAt1000.seconds} s, then (its background work done again) at ${r.latency.rate}/s for ${r.latency.seconds} s, every one a
  new cell of periods ${r.workload.latencyYears} (untouched before, never the same cell twice), in the same order of submissions. The province aggregate of an
  (indicator, period) then counts one more value per event; the bench reads \`dx.indicators.events\` and, when the province's
  aggregate for it arrives (in a \`dx.indicator-aggregates.updated\`) with \`valueCount\` ≥ k (plus the values earlier runs gave it) at time T, events 1..k of that stream are reflected
  (one partition per indicator, consumed in order, batches applied whole): latency_k = T − the time event k was handed to
  the producer, which sends what is due, then waits ${SEND_TICK_MS} ms (what falls due meanwhile goes in one request). It covers the producer's acknowledgement, the intake, the transaction, the outbox relay and the delivery
  of the aggregate event. Only aggregate events are decoded (chosen by their \`ce_type\` header), so the watcher's own
  work stays small. Stages per event, p50/p99: send → the aggregate's transaction start
  (its \`updatedAt\`, the transaction's \`now()\`: transport, fetch, waiting for the group commit), → the relay's send (the
  record's timestamp: the transaction and the outbox relay), → read by the bench. CPU per event: the cores of the
  service and its PostgreSQL backends over the run, times its length, over the events sent. An event not reflected
  30 s after the last send counts with the time it waited, and the target is then not met.
- **Reads under load.** Then ${r.reads.readers} readers (\`bench/indicators/readers.mjs\`, a process of their own; \`BENCH_READERS\`) call \`GET /v1/aggregates\`
  while the service takes new events at ${r.reads.events.rate}/s as above, for ${r.reads.seconds} s after a ${r.reads.warmupMs} ms warm-up. Each reader is a user of its own
  (a development-key token with the \`viewer\` role and its own \`sub\`: the service limits reads per user, and its auth is
  as everywhere), one request at a time, ${r.reads.pauseMs ? `${r.reads.pauseMs} ms apart (\`BENCH_READ_PAUSE_MS\`)` : "without pause (so a read's time includes its wait behind the other readers' reads: at the same throughput, p50 ≈ readers ÷ reads per second)"}; each read picks a level — the province, a district-level unit
  or a commune, equally often — then one of the aggregates of that level the database holds (an indicator, a unit, a
  period of the indicator's type or coarser), so reads find a figure as a dashboard's do. Time from the request to the
  whole body; every answer other than 200 is counted and shown, and fails the target.
- **Grown database.** \`bench/indicators/grown.mjs\`: a database of its own, migrated and seeded by the service's first start,
  then \`BENCH_GROWN_REPORTS\` (1,000,000) reports over every cell of the workload's indicators, district-level units and
  communes, ${g ? g.load.years : r.workload.throughputYears} — as many per cell as that takes, spread over the 300 days after each period's end, received two
  minutes after their \`ce_time\`, figures drawn as the workload draws them — written in SQL (\`INSERT … SELECT\` over
  \`generate_series\`) with what the intake writes with each: the cell's current value (its latest report), the inbox row
  of its event, the obligation periods to recount. \`recompute.js\` (\`npm run recompute:indicators\`) then builds every
  aggregate over the hierarchy and over time from the values with the service's own code; the events it writes for
  them are deleted (the relay deletes published events after 72 hours: years-old ones are long gone). The service,
  started on it once, judges the aggregates against their targets and recounts obligations and scores until its
  queues are empty, and is stopped; \`VACUUM ANALYZE\` after the load and at the end stands for years of autovacuum.
  Left out: the audit log's rows for the old reports (history only ever appended to). Then the fresh run's N events
  (same seed, on topics of their own) wait for the service, which starts on it and is measured as above, and then the
  latency runs at ${g ? g.latencyAt1000.rate : 1000}/s and ${g ? g.latency.rate : r.latency.rate}/s. Its events all land on cells that hold a value (they are corrections
  there); checked: every cell sent holds the figures last sent, and each province aggregate touched equals the sums
  of its cells' current values.
- **Recompute check.** After each database's runs, with the service stopped, \`recompute.js --check\` rebuilds every
  aggregate from the stored values in a transaction it rolls back, and reports each difference from the stored ones.
- **Autovacuum.** The server's \`autovacuum\` is on for the whole run, as in production: this machine's PostgreSQL has
  it off, and it can only be set for the whole server (a table's \`autovacuum_enabled\` can switch it off, not on),
  so the bench sets it with \`ALTER SYSTEM SET autovacuum = on\` and a configuration reload at its start, and puts the
  previous setting back at the end, also when it fails or is interrupted (\`bench/indicators/autovacuum.mjs\`).
  Defaults otherwise (a database is looked at every 60 s).
- **CPU.** Sampled from /proc every 200 ms per process (service, its PostgreSQL backends, broker, autovacuum, readers, bench) and for the machine
  (PostgreSQL backends found by their process title, looked up once a second).

### Runs

${HISTORY_START}

Latencies in ms; p50 and p99 at \`BENCH_RATE\` (2,000/s); "grown" on \`BENCH_GROWN_REPORTS\` stored reports (1,000,000 unless
the command sets it); "read" with \`BENCH_READERS\` (50) readers while the service takes 1,000 events/s. Rows before issue 19
have none of its columns (–).

| ${HISTORY_COLUMNS.join(' | ')} |
| ${HISTORY_COLUMNS.map(() => '---').join(' | ')} |
${[row, ...oldRows].join('\n')}

${HISTORY_END}

### Last run's JSON

\`\`\`json
${JSON.stringify(r)}
\`\`\`

${SECTION_END}`;
  await writeSection(resultsFile, SECTION_START, SECTION_END, section);
}
