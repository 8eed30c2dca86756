#!/usr/bin/env node
// `npm run bench:notifications`: a burst of 10,000 events through the notifications service (issue 8,
// point 5). Expects a built dist/ (the npm script builds first).
//
// 1. Starts a real SMTP sink (smtp-server) and a webhook receiver (node:http, checking every signature).
// 2. Starts dist/apps/notifications on a fresh database and topic prefix; fills its directory (two people
//    per agency of seeds/agencies.json, a programme office (SKHCN), webhooks for a few agencies).
// 3. Publishes BENCH_EVENTS (10,000) events at once: BENCH_BURST_SHARE (90 %) of one rule
//    (dx.task.due-soon, each for a lead agency) and the rest spread over the other twelve rules, then
//    re-sends BENCH_RESENDS (1,000) of them unchanged (same ce_id).
// 4. Measures until the queue is empty: events/s to notices, deliveries/s, and per rule class the time
//    from the start of the burst to the delivery of its notices (the other rules must not wait for the burst).
// 5. Checks: every event gave notices, each webhook and e-mail arrived exactly once, nothing failed.
// Progress goes to stderr; the result is the last stdout line (JSON) and its section of bench/RESULTS.md
// (BENCH_WRITE_RESULTS=0 leaves it alone). Topics, groups and the database are removed at the end.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { withDevAuth } from '../../scripts/lib/platform.mjs';
import { BROKERS, kafkaGateway, log, now, round, sleep } from '../indicators/lib.mjs';
import { writeSection } from '../results-file.mjs';

const { EVENT_CATALOG } = createRequire(import.meta.url)('../../dist/libs/contracts/src/index.js');

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const RESULTS_FILE = join(ROOT, 'bench', 'RESULTS.md');
const SERVICE_MAIN = join(ROOT, 'dist/apps/notifications/src/main.js');
const env = process.env;
const intEnv = (name, fallback) => {
  const v = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a whole number`);
  return v;
};
const N = intEnv('BENCH_EVENTS', 10_000);
const BURST = Math.round((N * intEnv('BENCH_BURST_SHARE', 90)) / 100);
const RESENDS = Math.min(intEnv('BENCH_RESENDS', 1_000), N);
const PG_ADMIN_URL = env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WRITE_RESULTS = env.BENCH_WRITE_RESULTS !== '0';
const SECRET = 'bench-webhook-secret-0123456789';
const runId = randomBytes(4).toString('hex');
const prefix = `bench${runId}.`;
const dbName = `dxhub_bench_notify_${runId}`;
const children = [];

const adminQuery = async (sql, url = PG_ADMIN_URL, params = []) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
};
const dbUrl = () => {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
};

// ------------------------------------------------------------------ sinks
let mailCount = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      mailCount++;
      callback();
    });
  },
});
const webhookIds = new Map();
let badSignatures = 0;
const receiver = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    const parts = Object.fromEntries(
      String(req.headers['x-dx-signature'] ?? '')
        .split(',')
        .map((p) => p.split('=', 2)),
    );
    const expected = createHmac('sha256', SECRET).update(`${parts.t}.${raw}`).digest();
    const given = Buffer.from(parts.v1 ?? '', 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      badSignatures++;
      res.writeHead(401).end();
      return;
    }
    const id = String(req.headers['x-dx-delivery-id']);
    webhookIds.set(id, (webhookIds.get(id) ?? 0) + 1);
    res.writeHead(204).end();
  });
});

// ------------------------------------------------------------------ workload
const agencies = JSON.parse(readFileSync(join(ROOT, 'seeds/agencies.json'), 'utf8'))
  .filter((a) => !a.validTo)
  .map((a) => a.code);
const WEBHOOK_AGENCIES = agencies.slice(0, 6);
const OTHER_TYPES = [
  'dx.task.assigned',
  'dx.task.submitted',
  'dx.task.overdue',
  'dx.task.escalated',
  'dx.task.returned',
  'dx.task.approved',
  'dx.indicator-value.awaiting-approval',
  'dx.indicator-value.returned',
  'dx.obligation.due-soon',
  'dx.obligation.overdue',
  'dx.indicator.off-track',
  'dx.indicator.back-on-track',
  'dx.report.published',
];
const topicOf = (type) =>
  type.startsWith('dx.task.')
    ? 'dx.tasks.events'
    : type === 'dx.report.published'
      ? 'dx.reporting.events'
      : 'dx.indicators.events';

const AGENCY_FIELDS = ['agency', 'leadAgency', 'approvingAgency', 'reportingAgency', 'declaredAgency'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Event i of a type: the contract's own example (libs/contracts, as built), so the notifications service
 * takes it as it takes the services' events, spread over the agencies and with its own task or report.
 */
function makeEvent(i, type) {
  const agency = agencies[i % agencies.length];
  const data = structuredClone(EVENT_CATALOG[type].example);
  for (const field of AGENCY_FIELDS) if (field in data) data[field] = agency;
  for (const field of ['taskId', 'reportId']) if (UUID.test(data[field] ?? '')) data[field] = randomUUID();
  return {
    topic: topicOf(type),
    type,
    message: {
      key: String(data[EVENT_CATALOG[type].keyProperty]),
      value: JSON.stringify(data),
      headers: {
        ce_specversion: '1.0',
        ce_id: randomUUID(),
        ce_source: '/services/bench',
        ce_type: type,
        'content-type': 'application/json',
      },
    },
  };
}

async function main() {
  const machine = {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage1mAtStart: round(os.loadavg()[0], 2),
    gitCommit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim(),
  };
  if (!existsSync(SERVICE_MAIN)) throw new Error(`${SERVICE_MAIN} is missing: run npm run build first`);
  await new Promise((r) => smtp.listen(0, '127.0.0.1', r));
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  const smtpPort = smtp.server.address().port;
  const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hook`;
  await adminQuery(`CREATE DATABASE "${dbName}" ENCODING 'UTF8' TEMPLATE template0`);

  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [SERVICE_MAIN], {
    cwd: ROOT,
    env: withDevAuth({
      ...env,
      PORT: String(port),
      DATABASE_URL: dbUrl(),
      KAFKA_BROKERS: BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      DIGEST_CHECK_MS: '0',
      DELIVERY_POLL_MS: '100',
      // The bench's webhook receiver listens on loopback, which webhooks reach only when operators allow it.
      WEBHOOK_ALLOWED_TARGETS: '127.0.0.1',
    }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error('the service did not become ready');
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(250);
  }
  log(`service ready on ${port}`);

  // The directory: a reporter and an approver per agency, a programme office at STTTT, webhooks for six agencies.
  const people = agencies.flatMap((a) => [
    [`${a.toLowerCase()}-reporter`, a, ['reporter'], `reporter@${a.toLowerCase()}.example.vn`],
    [`${a.toLowerCase()}-approver`, a, ['approver'], `approver@${a.toLowerCase()}.example.vn`],
  ]);
  people.push(['po-1', 'SKHCN', ['programme-office'], 'po@skhcn.example.vn']);
  for (const [id, agency, roles, email] of people) {
    await adminQuery(
      `INSERT INTO notifications.subscribers (user_id, agency_code, roles, email) VALUES ($1, $2, $3, $4)`,
      dbUrl(),
      [id, agency, roles, email],
    );
  }
  for (const a of WEBHOOK_AGENCIES) {
    await adminQuery(
      `INSERT INTO notifications.agency_settings (agency_code, webhook_url, webhook_secret) VALUES ($1, $2, $3)`,
      dbUrl(),
      [a, receiverUrl, SECRET],
    );
  }

  const events = [];
  for (let i = 0; i < N; i++)
    events.push(makeEvent(i, i < BURST ? 'dx.task.due-soon' : OTHER_TYPES[i % OTHER_TYPES.length]));
  // The burst arrives first and the other rules behind it: the worst case for starvation.
  const kafka = kafkaGateway(`bench-notify-${runId}`, prefix);
  const t0 = now();
  await kafka.send(events.map((e) => ({ topic: e.topic, record: e.message })));
  const resent = events.slice(0, RESENDS / 2).concat(events.slice(N - RESENDS / 2));
  for (const e of resent) await kafka.send([{ topic: e.topic, record: e.message }]).catch(() => {});
  const publishedMs = now() - t0;
  await kafka.close();
  log(`published ${N} events and ${resent.length} re-sends in ${round(publishedMs / 1000)} s`);

  const db = new pg.Client({ connectionString: dbUrl() });
  await db.connect();
  const startIso = new Date(t0).toISOString();
  let lastLog;
  for (;;) {
    const [r] = (
      await db.query(`SELECT count(DISTINCT event_id)::int AS events, count(*) FILTER (WHERE status IN ('pending','sending'))::int AS queued,
                             count(*)::int AS notices FROM notifications.notices`)
    ).rows;
    if (r.events >= N && r.queued === 0) break;
    if (now() - t0 > (lastLog ?? 0) + 5000) {
      lastLog = now() - t0;
      log(`${r.events} events have notices, ${r.notices} notices, ${r.queued} queued`);
    }
    if (now() - t0 > 15 * 60_000) throw new Error(`not done after 15 minutes: ${JSON.stringify(r)}`);
    await sleep(200);
  }
  const doneMs = now() - t0;
  await sleep(1000); // late duplicates, if any
  const stats = (
    await db.query(
      `SELECT CASE WHEN rule = 'task-due-soon' THEN 'burst' ELSE 'others' END AS class, channel, status, count(*)::int AS n,
              round(extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY sent_at - $1::timestamptz)) * 1000)::int AS p50,
              round(extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY sent_at - $1::timestamptz)) * 1000)::int AS p99,
              round(extract(epoch FROM max(sent_at) - $1::timestamptz) * 1000)::int AS last
       FROM notifications.notices GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [startIso],
    )
  ).rows;
  const [firstCreated] = (
    await db.query(
      `SELECT extract(epoch FROM max(created_at) - $1::timestamptz) * 1000 AS ms FROM notifications.notices`,
      [startIso],
    )
  ).rows;
  await db.end();

  const sum = (f) => stats.filter(f).reduce((a, r) => a + r.n, 0);
  const sent = sum((r) => r.status === 'sent');
  const classTimes = (cls) => {
    const rows = stats.filter((r) => r.class === cls && r.status === 'sent');
    const n = rows.reduce((a, r) => a + r.n, 0);
    return {
      sent: n,
      p50Ms: Math.max(...rows.map((r) => r.p50)),
      p99Ms: Math.max(...rows.map((r) => r.p99)),
      lastMs: Math.max(...rows.map((r) => r.last)),
    };
  };
  const webhookSent = sum((r) => r.channel === 'webhook' && r.status === 'sent');
  const emailSent = sum((r) => r.channel === 'email' && r.status === 'sent');
  const duplicatesAtReceivers = [...webhookIds.values()].filter((n) => n > 1).length;
  const result = {
    date: new Date().toISOString(),
    command: [
      ...Object.keys(env)
        .filter((k) => k.startsWith('BENCH_') && k !== 'BENCH_WRITE_RESULTS')
        .sort()
        .map((k) => `${k}=${env[k]}`),
      'npm run bench:notifications',
    ].join(' '),
    machine,
    events: N,
    burstEvents: BURST,
    otherEvents: N - BURST,
    resent: resent.length,
    publishSeconds: round(publishedMs / 1000, 2),
    allNoticesCreatedSeconds: round(Number(firstCreated.ms) / 1000, 2),
    eventsPerSecToNotices: Math.round(N / (Number(firstCreated.ms) / 1000)),
    queueEmptySeconds: round(doneMs / 1000, 2),
    deliveries: sent,
    deliveriesPerSec: Math.round(sent / (doneMs / 1000)),
    held: sum((r) => r.status === 'held'),
    failed: sum((r) => r.status === 'failed'),
    burst: classTimes('burst'),
    others: classTimes('others'),
    checks: {
      webhookNotices: webhookSent,
      webhooksReceived: webhookIds.size,
      webhookDuplicatesAtReceiver: duplicatesAtReceivers,
      badSignatures,
      emailNotices: emailSent,
      emailsReceived: mailCount,
    },
    stats,
  };
  result.checks.ok =
    result.failed === 0 &&
    webhookSent === webhookIds.size &&
    duplicatesAtReceivers === 0 &&
    badSignatures === 0 &&
    emailSent === mailCount;
  return result;
}

// ------------------------------------------------------------------ RESULTS.md (own section only)
const START = '<!-- notifications-bench:start (written by bench/notifications/run.mjs) -->';
const END = '<!-- notifications-bench:end -->';

async function writeResults(r) {
  const section = `${START}

## Notifications burst (\`npm run bench:notifications\`)

Issue 8, point 5: ${r.events.toLocaleString('en')} events at once — ${r.burstEvents.toLocaleString('en')} of one rule (\`dx.task.due-soon\`) published first, then
${r.otherEvents.toLocaleString('en')} spread over the twelve other rules behind them, then ${r.resent.toLocaleString('en')} of them re-sent unchanged (same \`ce_id\`) — through
\`dist/apps/notifications\` on a fresh database, to a real SMTP sink and a webhook receiver that checks every signature. This
section is written by \`bench/notifications/run.mjs\`; the figures are the last run's, as measured.

- **Date:** ${r.date}
- **Command:** \`${r.command}\` (from the repository root; the npm script builds first)
- **Machine:** ${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB; Node ${r.machine.node}; load average ${r.machine.loadAverage1mAtStart} at start; commit ${r.machine.gitCommit}
- **Directory:** two people (reporter, approver) in each of the seeds' current agencies, a programme office (SKHCN), webhooks for ${WEBHOOK_AGENCIES.length} agencies; default preferences (low-severity e-mail held for the daily digest)

| measure | result |
| --- | --- |
| events → notices (all ${r.events.toLocaleString('en')} planned, deduplicated and stored) | **${r.eventsPerSecToNotices.toLocaleString('en')} events/s** (${r.allNoticesCreatedSeconds} s) |
| queue empty (every notice sent or held for the digest) | ${r.queueEmptySeconds} s |
| deliveries (inbox, e-mail, webhook) | ${r.deliveries.toLocaleString('en')}, ${r.deliveriesPerSec.toLocaleString('en')}/s; ${r.held.toLocaleString('en')} e-mails held for the digest; ${r.failed} failed |
| burst rule: time from the first send to delivery, p50 / p99 / last | ${r.burst.p50Ms} / ${r.burst.p99Ms} / ${r.burst.lastMs} ms (${r.burst.sent.toLocaleString('en')} deliveries) |
| the other rules (queued behind the burst): p50 / p99 / last | ${r.others.p50Ms} / ${r.others.p99Ms} / ${r.others.lastMs} ms (${r.others.sent.toLocaleString('en')} deliveries) |
| webhooks: notices sent / received / received twice / bad signatures | ${r.checks.webhookNotices} / ${r.checks.webhooksReceived} / ${r.checks.webhookDuplicatesAtReceiver} / ${r.checks.badSignatures} |
| e-mails: notices sent / messages at the SMTP server | ${r.checks.emailNotices} / ${r.checks.emailsReceived} |
| checks | ${r.checks.ok ? 'all passed' : '**FAILED**'} |

Fairness: the worker claims at most \`DELIVERY_CLAIM_PER_RULE\` due notices of each rule per round, so the other rules' notices go out
in the first rounds after they are stored instead of after the burst's — compare their "last" with the burst's.

${END}`;
  await writeSection(RESULTS_FILE, START, END, section);
}

async function cleanup() {
  for (const c of children) c.kill('SIGTERM');
  await sleep(1000);
  for (const c of children) c.kill('SIGKILL');
  try {
    const own = kafkaGateway(`bench-notify-admin-${runId}`, prefix);
    await own.deleteOwnTopics();
    await own.deleteOwnGroups();
    await own.close();
  } catch (error) {
    log(`could not delete the bench's topics (${prefix}*): ${error.message}`);
  }
  await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((e) =>
    log(`could not drop ${dbName}: ${e.message}`),
  );
  smtp.close(() => {});
  receiver.close();
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
  if (!result.checks.ok) exitCode = 1;
} catch (error) {
  log(`failed: ${error.stack ?? error}`);
  await cleanup();
  exitCode = 1;
}
process.exit(exitCode);
