#!/usr/bin/env node
// `npm test`: every check and every test tier, in order, against the real broker and database.
// Prints a timing per step and ends with one line: `tests: N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, isListening, kafkaScript, ROOT, say, usesLocalBroker } from './lib/platform.mjs';

const bin = (name) => join(ROOT, 'node_modules/.bin', name);
const env = { ...process.env, TZ: 'UTC', NX_DAEMON: 'false' };
mkdirSync(join(ROOT, 'tmp'), { recursive: true });

const jest = (project, ...extra) => ({
  name: `${project} tests`,
  command: bin('jest'),
  args: ['--selectProjects', project, '--json', `--outputFile=${join(ROOT, 'tmp', `jest-${project}.json`)}`, ...extra],
  report: join(ROOT, 'tmp', `jest-${project}.json`),
});

const steps = [
  {
    name: 'system packages (chromium, pdftotext)',
    command: process.execPath,
    args: [join(ROOT, 'scripts/ensure-system-packages.mjs')],
  },
  { name: 'seed data check', command: process.execPath, args: [join(ROOT, 'seeds/check-seeds.mjs')] },
  { name: 'typecheck', command: bin('tsc'), args: ['-p', 'tsconfig.json', '--noEmit'] },
  { name: 'build', command: 'npm', args: ['run', '--silent', 'build'] },
  { name: 'lint', command: 'npm', args: ['run', '--silent', 'lint'] },
  { name: 'format', command: 'npm', args: ['run', '--silent', 'format:check'] },
  jest('unit'),
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
  const result = step.run
    ? { status: await step.run() }
    : spawnSync(step.command, step.args, { cwd: ROOT, env, stdio: 'inherit' });
  const seconds = (Date.now() - t0) / 1000;
  timings.push(`${step.name} ${seconds.toFixed(1)} s`);
  if (step.report && existsSync(step.report)) {
    const report = JSON.parse(readFileSync(step.report, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  }
  if (result.status !== 0) {
    if (!step.report) failed += 1;
    say(`✗ ${step.name} failed after ${seconds.toFixed(1)} s`);
    break;
  }
}
if (brokerStartedHere) kafkaScript('stop', brokerEnv);
say(`timings: ${timings.join(', ')}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || timings.length < steps.length ? 1 : 0);
