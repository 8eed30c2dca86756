#!/usr/bin/env node
// `npm run demo [-- --seed=8]`: fills a running platform (`npm start`) with a DEMO province, 2021–2025, the way
// the real one fills: agencies publish indicator values on their Kafka topics (never into tables), approvers
// approve or return them through the REST API, agencies correct what was returned, tasks of the programme move
// through their workflow. The same seed gives the same history. Every demo event id starts with `demo-`.
// It publishes raw agency records through the built messaging lib's gateway (dist/, as `npm start` leaves it),
// the one place the repository talks to Kafka; an agency's own producer is in examples/.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { demoReports, demoTaskPlan, RETURNED_CELLS } from './lib/demo-history.mjs';
import { devToken } from './lib/dev-token.mjs';
import { agencyToken, DEMO_USERS, keycloakUrl, userToken } from './lib/keycloak.mjs';
import { localAuthMode, ROOT, say, SERVICES, WEB } from './lib/platform.mjs';

const STARTED = Date.now();
/** A line of progress with the seconds since the demo began. */
const progress = (message) => say(`${message} [${((Date.now() - STARTED) / 1000).toFixed(0)} s]`);
const seed = Number(/^--seed=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 8);
const urlOf = (name) => {
  const service = [...SERVICES, WEB].find((s) => s.name === name);
  return `http://127.0.0.1:${process.env[service.portVariable] ?? service.port}`;
};
const keycloak = keycloakUrl(process.env.KEYCLOAK_PORT ?? '8080');
// An approval of 1,000 figures moves their approved roll-ups in one transaction: give it time on a busy machine.
const CALL_TIMEOUT_MS = 180000;
const usesKeycloak = localAuthMode() === 'keycloak';

const tokens = new Map();
async function tokenFor(agency, role) {
  const key = `${agency}/${role}`;
  if (!tokens.has(key)) {
    tokens.set(
      key,
      usesKeycloak
        ? await agencyToken(keycloak, agency, [role])
        : devToken({ agency, roles: [role], sub: `demo-${key}` }),
    );
  }
  return tokens.get(key);
}

async function call(service, method, path, { agency, role, body } = {}) {
  const headers = {
    authorization: `Bearer ${await tokenFor(agency, role)}`,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  };
  const t0 = Date.now();
  let res;
  try {
    res = await fetch(`${urlOf(service)}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(`${method} ${service}${path.split('?')[0]} after ${Date.now() - t0} ms: ${error.message}`);
  }
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function must(service, method, path, options) {
  const res = await call(service, method, path, options);
  if (res.status >= 300) throw new Error(`${method} ${service}${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The messaging lib's gateway, built into dist/ by `npm start` (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX as the services'). */
function kafkaGateway() {
  const built = join(ROOT, 'dist/node_modules/@dxhub/messaging/index.js');
  if (!existsSync(built)) throw new Error('the platform is not built: run `npm start` first (it builds and starts it)');
  const { KafkaConfig, KafkaGateway } = createRequire(import.meta.url)(built);
  const config = Object.assign(new KafkaConfig(), {
    KAFKA_BROKERS: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX ?? '',
  });
  return new KafkaGateway(config, 'dxhub-demo', { level: 'nothing' });
}

/** Publishes reports as their agencies do: a CloudEvent per value on the agency's own topic, in order. */
async function publish(gateway, reports) {
  await gateway.send(
    reports.map((r) => ({
      topic: `dx.agency.${r.agency}.indicator-values`,
      record: {
        key: r.body.indicatorCode,
        value: JSON.stringify(r.body),
        headers: {
          ce_specversion: '1.0',
          ce_id: r.id,
          ce_source: `/agencies/${r.agency}`,
          ce_type: 'dx.indicator-value.reported',
          ce_time: r.time,
          'content-type': 'application/json',
        },
      },
    })),
  );
}

/**
 * A bad batch, as a misconfigured sender makes one: three events of SKHCN the platform refuses (a clock in the
 * future, another agency's source, text for a number). The demo reporter finds them, with their reasons, in
 * GET /v1/rejections on indicators and as one notice in the inbox.
 */
async function publishRefused(gateway) {
  const body = (value) => JSON.stringify({ indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2025S2', value });
  const record = (n, value, headers) => ({
    topic: 'dx.agency.SKHCN.indicator-values',
    record: {
      key: 'BTS_COUNT',
      value: body(value),
      headers: {
        ce_specversion: '1.0',
        ce_id: `demo-${seed}-refused-${n}`,
        ce_source: '/agencies/SKHCN',
        ce_type: 'dx.indicator-value.reported',
        ce_time: '2025-12-20T09:00:00+07:00',
        'content-type': 'application/json',
        ...headers,
      },
    },
  });
  await gateway.send([
    record(1, 120, { ce_time: '2099-12-20T09:00:00+07:00' }),
    record(2, 120, { ce_source: '/agencies/STTTT' }),
    record(3, 'một trăm hai mươi', {}),
  ]);
}

/** Every value awaiting the programme office's approval, page by page. */
async function pendingCells() {
  const cells = [];
  let cursor;
  do {
    const page = await must(
      'indicators',
      'GET',
      `/v1/indicator-values/approvals?status=pending&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { agency: 'SKHCN', role: 'approver' },
    );
    cells.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return cells;
}

async function waitForPending(expected, what) {
  const deadline = Date.now() + 300000;
  for (;;) {
    const cells = await pendingCells();
    if (cells.length >= expected) return cells;
    if (Date.now() > deadline) throw new Error(`${what}: ${cells.length} of ${expected} values arrived in 300 s`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

const cellKey = (c) => `${c.indicatorCode}|${c.orgUnitCode}|${c.period}`;

async function decide(action, cells, reason) {
  for (let i = 0; i < cells.length; i += 1000) {
    await must('indicators', 'POST', `/v1/indicator-values/approvals/${action}`, {
      agency: 'SKHCN',
      role: 'approver',
      body: {
        cells: cells.slice(i, i + 1000).map(({ indicatorCode, orgUnitCode, period, reportId }) => ({
          indicatorCode,
          orgUnitCode,
          period,
          reportId,
        })),
        ...(reason ? { reason } : {}),
      },
    });
  }
}

/** Takes a task to its planned state through the workflow API, each step by whoever may take it. */
async function playTask(task, plan) {
  const step = (action, as, reason) =>
    must('tasks', 'POST', `/v1/tasks/${task.code}/transitions`, {
      ...as,
      body: { action, ...(reason ? { reason } : {}) },
    });
  const office = { agency: 'SKHCN', role: 'programme-office' };
  const lead = { agency: task.leadAgency, role: 'reporter' };
  const reviewer = { agency: task.reviewerAgency ?? 'SKHCN', role: 'approver' };
  if (plan.state === 'DRAFT') return;
  if (plan.state === 'CANCELLED') return void (await step('cancel', office, plan.reason));
  await step('assign', office);
  if (plan.state === 'ASSIGNED') return;
  await step('start', lead);
  for (const percent of plan.progress) {
    const res = await call('tasks', 'POST', `/v1/tasks/${task.code}/progress`, {
      ...lead,
      body: { percent, note: `Báo cáo tiến độ (DEMO): ${percent}%` },
    });
    // A task linked to indicators takes its progress from them: no report to make.
    if (res.status === 409 && /takes its progress from its indicators/.test(res.body?.message ?? '')) break;
    if (res.status >= 300) throw new Error(`progress of ${task.code}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  if (plan.state === 'IN_PROGRESS') return;
  for (const agency of task.coordinatingAgencies ?? []) {
    await must('tasks', 'POST', `/v1/tasks/${task.code}/contributions/${agency}/complete`, {
      agency,
      role: 'reporter',
    });
  }
  await step('submit', lead);
  if (plan.returnedOnce) {
    await step('return', reviewer, plan.returnedOnce);
    await step('submit', lead);
  }
  if (plan.state === 'SUBMITTED') return;
  await step('approve', reviewer);
}

async function main() {
  const indicators = JSON.parse(readFileSync(join(ROOT, 'seeds/indicators.json'), 'utf8'));
  const programme = JSON.parse(readFileSync(join(ROOT, 'seeds/programme.json'), 'utf8'));
  say(`DEMO DATA (seed ${seed}): a made-up 2021–2025 history for Tiền Giang, published as agencies publish`);

  // The demo users' inboxes: the notifications directory lists each of them (by their token's sub).
  if (usesKeycloak) {
    for (const user of DEMO_USERS) {
      const token = await userToken(keycloak, user.username, user.password);
      const { sub } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
      await must('notifications', 'PUT', `/v1/subscribers/${sub}`, {
        agency: 'SKHCN',
        role: 'admin',
        // No e-mail address: their notices go to the in-app inbox (a local start has no mail server).
        body: { agencyCode: user.agency, roles: [user.role], locale: 'vi' },
      });
    }
  }

  const periods = await must('reporting', 'GET', '/v1/periods', { agency: 'SKHCN', role: 'viewer' });
  if (periods.length > 0) say('indicator values: the platform has figures already, so none are published');
  else await playValues(indicators);
  await playTasks(programme);
  for (const period of ['2024', '2025S1']) {
    await must('reporting', 'POST', '/v1/reports', { agency: 'SKHCN', role: 'programme-office', body: { period } });
  }
  progress(`the demo province is ready: ${urlOf('web')}/dashboard`);
}

async function playValues(indicators) {
  const { reports, corrections } = demoReports(indicators, seed);
  const gateway = kafkaGateway();
  try {
    await publish(gateway, [...reports, ...corrections]);
    const cells = new Set(reports.map((r) => cellKey(r.body)));
    progress(`published ${reports.length} reports and ${corrections.length} corrections (${cells.size} figures)`);
    await publishRefused(gateway);
    progress(`published 3 events of SKHCN the platform refuses: ${urlOf('indicators')}/v1/rejections?agency=SKHCN`);
    const pending = await waitForPending(cells.size, 'the reports');

    // Approval: most figures approved, a few returned with a reason, the newest half-year left to approve.
    const returned = pending.filter((c) => RETURNED_CELLS.some((r) => cellKey(r) === cellKey(c)));
    const open = pending.filter((c) => /^2025(S2|Q3|Q4|0[7-9]|1[0-2])?$/.test(c.period));
    const approve = pending.filter((c) => !returned.includes(c) && !open.includes(c));
    await decide('approve', approve);
    for (const cell of returned) {
      await decide('return', [cell], RETURNED_CELLS.find((r) => cellKey(r) === cellKey(cell)).reason);
    }
    // The agencies correct what was returned; the approver approves the corrections.
    const resent = reports
      .filter((r) => returned.some((c) => cellKey(c) === cellKey(r.body)))
      .map((r) => ({
        ...r,
        id: `demo-${seed}-corrected-${randomUUID()}`,
        time: new Date(Date.parse(r.time) + 12 * 86400000).toISOString(),
        body: {
          ...r.body,
          ...(r.body.numerator !== undefined ? { numerator: r.body.numerator - 1 } : { value: r.body.value }),
        },
      }));
    await publish(gateway, resent);
    const again = await waitForPending(open.length + resent.length, 'the corrections');
    await decide(
      'approve',
      again.filter((c) => returned.some((r) => cellKey(r) === cellKey(c))),
    );
    progress(
      `approved ${approve.length + resent.length} figures (${returned.length} after a return), ${open.length} await approval`,
    );
  } finally {
    await gateway.close();
  }
}

/** Moves the programme's DRAFT tasks to their demo states; a task someone already moved is left alone. */
async function playTasks(programme) {
  const plan = demoTaskPlan();
  let moved = 0;
  const problems = [];
  for (const goal of programme.goals)
    for (const group of goal.groups)
      for (const task of group.tasks) {
        if (!plan[task.code]) continue;
        const current = await must('tasks', 'GET', `/v1/tasks/${task.code}`, { agency: 'SKHCN', role: 'viewer' });
        if (current.state !== 'DRAFT') continue;
        try {
          await playTask(task, plan[task.code]);
          moved += 1;
        } catch (error) {
          problems.push(error.message);
        }
      }
  progress(`moved ${moved} programme tasks through their workflow`);
  for (const problem of problems) say(`  not moved: ${problem}`);
}

main().catch((error) => {
  say(`demo failed: ${error.message}`);
  process.exit(1);
});
