#!/usr/bin/env node
// `npm start`: the whole platform in the foreground — dependencies, broker, build, the four services (each runs its
// migrations and the indicators service loads the seeds at start) — then says where it listens.
// Ctrl-C stops the services gracefully, and the broker too if this command started it.
import {
  build,
  ensureDependencies,
  kafkaScript,
  say,
  SERVICES,
  spawnService,
  usesDevAuth,
  usesLocalBroker,
  waitForReady,
  withDevAuth,
} from './lib/platform.mjs';

const READY_TIMEOUT_MS = Number(process.env.READY_TIMEOUT_MS ?? 120000);
const STOP_TIMEOUT_MS = 25000;

const children = new Map();
let brokerStartedHere = false;
let stopping = false;

async function main() {
  const started = Date.now();
  ensureDependencies();
  if (usesLocalBroker()) {
    const running = kafkaScript('status') === 0;
    if (!running) {
      if (kafkaScript('start') !== 0) throw new Error('the Kafka broker did not start (see above)');
      brokerStartedHere = true;
    }
  } else {
    say(`using the Kafka brokers in KAFKA_BROKERS: ${process.env.KAFKA_BROKERS}`);
  }
  build();

  const portOf = (service) => process.env[service.portVariable] ?? String(service.port);
  const indicatorsPort = portOf(SERVICES.find((s) => s.name === 'indicators'));
  // Reporting (open data) and notifications (notices) link to the indicators service: where this start put it, unless told.
  const indicatorsPublicUrl = process.env.INDICATORS_PUBLIC_URL ?? `http://127.0.0.1:${indicatorsPort}`;
  for (const service of SERVICES) {
    const port = portOf(service);
    const child = spawnService(service, {
      ...withDevAuth(process.env),
      PORT: port,
      INDICATORS_PUBLIC_URL: indicatorsPublicUrl,
    });
    children.set(service.name, { child, port, exited: false });
    child.on('exit', (code, signal) => {
      children.get(service.name).exited = true;
      if (!stopping) {
        say(`${service.name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the platform`);
        void stop(1);
      }
    });
  }
  await Promise.all(
    [...children].map(([name, { port }]) =>
      waitForReady(`http://127.0.0.1:${port}/health/ready`, READY_TIMEOUT_MS, () => !children.get(name).exited),
    ),
  );
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const lines = [
    '',
    `DX Hub is up in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    ...[...children].map(
      ([name, { port }]) =>
        `  ${name.padEnd(14)} http://127.0.0.1:${port}   (API docs /docs, health /health/ready, metrics /metrics)`,
    ),
    `  kafka          ${brokers}${usesLocalBroker() ? ' (PLAINTEXT on loopback: local development only)' : ''}`,
    `  postgres       ${(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dxhub').replace(/:[^:@/]+@/, ':***@')}`,
    '',
    ...(usesDevAuth()
      ? [
          'Every /v1 endpoint needs a bearer token. The DEVELOPMENT-ONLY issuer (infra/dev-auth) is trusted; get a token with',
          '  npm run -s token -- --agency=STTTT --roles=reporter          (roles: reporter, approver, programme-office, viewer, admin)',
          `  curl -H "Authorization: Bearer $(npm run -s token -- --agency=STTTT --roles=viewer)" http://127.0.0.1:${children.get('indicators').port}/v1/agencies`,
        ]
      : [`Every /v1 endpoint needs a bearer token from ${process.env.AUTH_ISSUER}.`]),
    '',
    'Publish a value as an agency:  node examples/publish-indicator-values.mjs --agency=STTTT --indicator=BTS_COUNT --org-unit=815 --period=2024S2 --value=412',
    `Read the province aggregate:   curl -H "Authorization: Bearer $(npm run -s token -- --agency=STTTT --roles=viewer)" 'http://127.0.0.1:${children.get('reporting').port}/v1/aggregates?indicator=BTS_COUNT&orgUnit=82&period=2024S2'`,
    'Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  say('stopping the services…');
  await Promise.all(
    [...children.values()].map(
      ({ child, exited }) =>
        new Promise((resolve) => {
          if (exited || child.exitCode !== null) return resolve();
          const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          child.once('exit', () => {
            clearTimeout(killer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  if (brokerStartedHere) kafkaScript('stop');
  say('stopped');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

main().catch((error) => {
  say(`failed to start: ${error.message}`);
  void stop(1);
});
