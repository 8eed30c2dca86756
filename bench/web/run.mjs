#!/usr/bin/env node
// How long each screen of the web app takes to show its data, on the demo province, in Debian's Chromium.
// The platform is started as `npm start` starts it (development tokens: LOCAL_AUTH=dev-key), on its own ports
// and a database of its own, and filled by `npm run demo`; then, for every screen, as the person it is for:
//   - cold: a new browser (empty cache) opens the screen's address: from navigation to `[data-loaded]`;
//   - reload: the same browser loads it again (the app's hashed files cached, as on a person's second visit);
//   - in the app: from another screen of the running app, the address changes as a click in the menu changes it:
//     from the change to `[data-loaded]` (how long a person waits for a screen while working in the app);
//   - frame: the baseline in the same navigation, the app's own start (code, session, menu) before any screen
//     data: from navigation to the signed-in frame (`[data-testid="person"]`). loaded − frame is the screen's own
//     time: its code, its requests, its drawing.
// Each is the median of BENCH_WEB_ROUNDS navigations (default 5) after one warm-up. The platform and the
// database are removed at the end.
//
//   npm run bench:web        (BENCH_WRITE_RESULTS=0 to leave bench/RESULTS.md alone)
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { devToken } from '../../scripts/lib/dev-token.mjs';
import { writeSection } from '../results-file.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');
const pg = require('pg');

const ROUNDS = Number(process.env.BENCH_WEB_ROUNDS ?? 5);
const PORTS = {
  TASKS_PORT: 3301,
  INDICATORS_PORT: 3302,
  NOTIFICATIONS_PORT: 3303,
  REPORTING_PORT: 3304,
  WEB_PORT: 3305,
};
const DATABASE = 'dxhub_bench_web';
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${DATABASE}`;
const APP = `http://127.0.0.1:${PORTS.WEB_PORT}`;

const PEOPLE = {
  viewer: { agency: 'VPUBND', roles: ['viewer'] },
  approver: { agency: 'SKHCN', roles: ['approver'] },
  reporter: { agency: 'SKHCN', roles: ['reporter'] },
  programme: { agency: 'SKHCN', roles: ['programme-office'] },
};
const SCREENS = [
  ['viewer', 'dashboard-overview', '/dashboard?period=2024'],
  ['viewer', 'dashboard-trends', '/dashboard/trends'],
  ['viewer', 'dashboard-leagues', '/dashboard/leagues?period=2024'],
  ['viewer', 'dashboard-discipline', '/dashboard/discipline'],
  ['approver', 'approvals', '/workspace/approvals'],
  ['reporter', 'returned', '/workspace/returned'],
  ['reporter', 'upload', '/workspace/upload'],
  ['reporter', 'refusals', '/workspace/refusals'],
  ['reporter', 'tasks', '/workspace/tasks'],
  ['reporter', 'task', '/workspace/tasks/<id of G1.N4.T1>'],
  ['reporter', 'inbox', '/inbox'],
  ['reporter', 'inbox-preferences', '/inbox/preferences'],
  ['programme', 'programme-tree', '/programme'],
  ['programme', 'programme-overdue', '/programme/overdue'],
  ['programme', 'programme-completeness', '/programme/completeness'],
  ['programme', 'programme-locks', '/programme/locks'],
  ['programme', 'programme-reports', '/programme/reports'],
];

function say(message) {
  process.stderr.write(`[bench:web] ${message}\n`);
}

async function dropDatabase() {
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await client.end();
}

/** `npm start`'s script on the bench's ports and database; resolves once it says it is up. */
function startPlatform(env) {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start-platform.mjs')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const up = new Promise((resolve, reject) => {
    const keep = (chunk) => {
      output += chunk.toString();
      if (output.includes('DX Hub is up')) resolve(child);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code) => reject(new Error(`the platform exited (${code}):\n${output.slice(-3000)}`)));
  });
  return { child, up };
}

function run(script, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, script)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited ${code}:\n${stderr}`))));
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One navigation: ms to the signed-in frame and to the screen's data. */
async function navigate(page, path, screen) {
  const started = Date.now();
  await page.goto(`${APP}${path}`);
  await page.waitForSelector('[data-testid="person"]', { timeout: 30000 });
  const frame = Date.now() - started;
  await page.waitForSelector(`[data-screen="${screen}"][data-loaded="true"]`, { timeout: 30000 });
  return { frame, loaded: Date.now() - started };
}

// navigateInApp's function runs in the page, not in Node:
/* global history, dispatchEvent, PopStateEvent, document, requestAnimationFrame */

/** Where an in-app navigation to a screen starts: another screen every person has. */
const startOf = (screen) => (screen === 'inbox' ? ['/inbox/preferences', 'inbox-preferences'] : ['/inbox', 'inbox']);

/**
 * Within the running app, as a click in the menu does: the address changes (pushState and popstate, what the
 * router's links do) and the screen asks for its data. ms from the change to `[data-loaded]`, timed in the page.
 */
async function navigateInApp(page, path, screen) {
  const [from, fromScreen] = startOf(screen);
  await page.goto(`${APP}${from}`);
  await page.waitForSelector(`[data-screen="${fromScreen}"][data-loaded="true"]`, { timeout: 30000 });
  return page.evaluate(
    ({ path, screen }) =>
      new Promise((resolve) => {
        const started = performance.now();
        history.pushState(null, '', path);
        dispatchEvent(new PopStateEvent('popstate'));
        const check = () =>
          document.querySelector(`[data-screen="${screen}"][data-loaded="true"]`)
            ? resolve(Math.round(performance.now() - started))
            : requestAnimationFrame(check);
        check();
      }),
    { path, screen },
  );
}

async function measure(browser, role, screen, path) {
  const token = devToken({ ...PEOPLE[role], sub: `bench-${role}` });
  const cold = [];
  const frames = [];
  const reload = [];
  const inApp = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // The development token, as `#token=` gives it, before the first script runs.
    await context.addInitScript(`sessionStorage.setItem('dxhub-web-dev-token', ${JSON.stringify(token)})`);
    const page = await context.newPage();
    const first = await navigate(page, path, screen);
    const again = await navigate(page, path, screen);
    const within = await navigateInApp(page, path, screen);
    await context.close();
    if (round === 0) continue; // warm-up: the services' first answers to this question
    cold.push(first.loaded);
    frames.push(first.frame);
    reload.push(again.loaded);
    inApp.push(within);
  }
  return {
    role,
    screen,
    path,
    cold: median(cold),
    frame: median(frames),
    reload: median(reload),
    inApp: median(inApp),
    coldMax: Math.max(...cold),
  };
}

async function main() {
  await dropDatabase();
  const env = {
    ...process.env,
    ...PORTS,
    LOCAL_AUTH: 'dev-key',
    LOG_FORMAT: 'json',
    DATABASE_URL,
    RATE_LIMIT_READS_PER_MINUTE: '0',
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
  };
  const started = Date.now();
  const platform = startPlatform(env);
  let browser;
  try {
    await platform.up;
    say(`platform up in ${((Date.now() - started) / 1000).toFixed(1)} s; loading the demo province`);
    await run('scripts/demo.mjs', env);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    // A task's page is addressed by the task's id, as the list links to it.
    const tasks = await fetch(`${APP}/api/tasks/v1/tasks?agency=SKHCN`, {
      headers: { authorization: `Bearer ${devToken({ ...PEOPLE.reporter, sub: 'bench-reporter' })}` },
    }).then((r) => r.json());
    const taskId = tasks.data.find((t) => t.code === 'G1.N4.T1').id;
    const results = [];
    for (const [role, screen, template] of SCREENS) {
      const path = template.replace('<id of G1.N4.T1>', taskId);
      const result = await measure(browser, role, screen, path);
      say(
        `${screen}: cold ${result.cold} ms (frame ${result.frame} ms), reload ${result.reload} ms, in the app ${result.inApp} ms`,
      );
      results.push(result);
    }
    report(results);
    if (process.env.BENCH_WRITE_RESULTS !== '0') await write(results);
    process.stdout.write(`${JSON.stringify({ rounds: ROUNDS, screens: results })}\n`);
  } finally {
    await browser?.close();
    platform.child.kill('SIGINT');
    await new Promise((resolve) => platform.child.once('exit', resolve));
    await dropDatabase();
  }
}

function table(results) {
  return [
    '| screen | for | in the app (from another screen) | cold: data on the page | of which the frame (baseline) | the screen itself | reload | slowest cold |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.screen} (\`${r.path}\`) | ${r.role} | ${r.inApp} ms | ${r.cold} ms | ${r.frame} ms | ${r.cold - r.frame} ms | ${r.reload} ms | ${r.coldMax} ms |`,
    ),
  ].join('\n');
}

function report(results) {
  process.stderr.write(`\n${table(results)}\n\n`);
}

async function write(results) {
  const section = `<!-- web-bench:start (written by bench/web/run.mjs) -->

## Web app screens (\`npm run bench:web\`)

The time each screen of the web app takes to show its data on the demo province, in Debian's headless Chromium
(\`${cpus().length}\` cores, load average ${loadavg()[0].toFixed(2)} at the end; run ${new Date().toISOString()}). Medians of
${ROUNDS} navigations after a warm-up: within the running app from another screen, as a click in the menu goes (in
the app: what a person working in the app waits for); in a new browser (cold: nothing cached, the app starts too);
and reloaded (reload: the app's hashed files cached, a returning visit). The frame is the baseline measured in the
same cold navigation: the app's own start (its code, the session, the menu) before any screen data; the screen itself
is the rest (its code, its requests, its drawing).

${table(results)}

<!-- web-bench:end -->`;
  await writeSection(join(ROOT, 'bench/RESULTS.md'), '<!-- web-bench:start', '<!-- web-bench:end -->', section);
}

main().catch((error) => {
  say(`failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
