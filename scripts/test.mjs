#!/usr/bin/env node
// `npm test`: every check and every test tier, in order, against the real broker and database.
// Prints a timing per step and ends with one line: `tests: N passed, N failed`.
//
// The checks and the unit tier run as Nx targets (nx.json, project.json), cached in .nx/: run again on an unchanged
// tree they replay their output instead of running. The unit tier is one Jest run per project, each writing its
// report to tmp/jest/unit/<project>.json, an output Nx caches and restores, so the count below is right whether a
// project ran or came from the cache. The integration and end-to-end tiers talk to the broker and the database and
// always run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, isListening, kafkaScript, ROOT, say, usesLocalBroker } from './lib/platform.mjs';

const bin = (name) => join(ROOT, 'node_modules/.bin', name);
const env = { ...process.env, TZ: 'UTC', NX_DAEMON: 'false' };
mkdirSync(join(ROOT, 'tmp'), { recursive: true });

const jest = (project, ...extra) => ({
  name: `${project} tests`,
  command: bin('jest'),
  args: ['--selectProjects', project, '--json', `--outputFile=${join(ROOT, 'tmp', `jest-${project}.json`)}`, ...extra],
  reports: () => [join(ROOT, 'tmp', `jest-${project}.json`)],
});

const nx = (name, ...args) => ({ name, command: bin('nx'), args: [...args, '--outputStyle=static'] });

// Each project's test target writes its own report here (targetDefaults.test in nx.json). Emptied first, so only
// this run's reports are counted: Nx restores the report of every project it replays from the cache.
const UNIT_REPORTS = join(ROOT, 'tmp', 'jest', 'unit');
const unitTests = {
  ...nx('unit tests', 'run-many', '-t', 'test'),
  before: () => rmSync(UNIT_REPORTS, { recursive: true, force: true }),
  reports: () =>
    existsSync(UNIT_REPORTS)
      ? readdirSync(UNIT_REPORTS)
          .filter((f) => f.endsWith('.json'))
          .map((f) => join(UNIT_REPORTS, f))
      : [],
};

const steps = [
  {
    name: 'system packages (chromium, pdftotext)',
    command: process.execPath,
    args: [join(ROOT, 'scripts/ensure-system-packages.mjs')],
  },
  { name: 'seed data check', command: process.execPath, args: [join(ROOT, 'seeds/check-seeds.mjs')] },
  nx('typecheck', 'run', 'dxhub:typecheck'),
  nx('build', 'run', 'dxhub:build'),
  nx('lint', 'run-many', '-t', 'lint'),
  nx('format', 'run', 'dxhub:format'),
  unitTests,
  { name: 'Kafka broker', run: startBroker },
  jest('integration', '--runInBand'),
  jest('e2e', '--runInBand'),
];

/*
 * One broker for both tiers that need it, started here when none runs and stopped at the end. Left to each
 * tier's global setup it would be stopped after the integration tier and started again for e2e, recovering
 * every topic the integration tests left behind first: on a 2-core machine that restart can outlast a test's
 * patience.
 */
const brokerEnv = { ...env, KAFKA_BROKERS: env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092' };
let brokerStartedHere = false;
async function startBroker() {
  const [host, port] = brokerEnv.KAFKA_BROKERS.split(',')[0].split(':');
  if (!usesLocalBroker(brokerEnv) || (await isListening(host, Number(port)))) return 0;
  const status = kafkaScript('start', brokerEnv);
  brokerStartedHere = status === 0;
  return status;
}

let passed = 0;
let failed = 0;
const timings = [];
const started = Date.now();
ensureDependencies();
for (const step of steps) {
  say(`▶ ${step.name}`);
  const t0 = Date.now();
  step.before?.();
  const result = step.run
    ? { status: await step.run() }
    : spawnSync(step.command, step.args, { cwd: ROOT, env, stdio: 'inherit' });
  const seconds = (Date.now() - t0) / 1000;
  timings.push(`${step.name} ${seconds.toFixed(1)} s`);
  let failedHere = 0;
  for (const file of step.reports?.() ?? []) {
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failedHere += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  }
  failed += failedHere;
  if (result.status !== 0) {
    // A check, or a tier that failed without a failing test to show for it (a crash, a broken config).
    if (failedHere === 0) failed += 1;
    say(`✗ ${step.name} failed after ${seconds.toFixed(1)} s`);
    break;
  }
}
if (brokerStartedHere) kafkaScript('stop', brokerEnv);
say(`timings: ${timings.join(', ')}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || timings.length < steps.length ? 1 : 0);
