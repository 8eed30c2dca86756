#!/usr/bin/env node
// `npm start`: the whole platform in the foreground — checks, database, broker, identity provider, build, the
// four services (each runs its migrations and the seeds load at start), the web app — then says where everything is.
// Ctrl-C stops the services gracefully, and the broker and Keycloak too if this command started them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  API_DOCS_CLIENT_ID,
  authEnvFor,
  DEMO_USERS,
  issuerOf,
  keycloakUrl,
  provisionRealm,
  realmAnswers,
  realmRepresentation,
  WEB_CLIENT_ID,
} from './lib/keycloak.mjs';
import {
  build,
  ensureDependencies,
  isListening,
  kafkaScript,
  keycloakScript,
  localAuthMode,
  readableLogs,
  ROOT,
  say,
  SERVICES,
  spawnService,
  usesLocalBroker,
  waitForReady,
  WEB,
  withDevAuth,
} from './lib/platform.mjs';
import { checkJava, checkMaven, checkPortsFree, preparePostgres, PreflightError } from './lib/preflight.mjs';

const READY_TIMEOUT_MS = Number(process.env.READY_TIMEOUT_MS ?? 120000);
const STOP_TIMEOUT_MS = 25000;
const HOST = '127.0.0.1';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dxhub';
const KEYCLOAK_PORT = process.env.KEYCLOAK_PORT ?? '8080';

const children = new Map();
let brokerStartedHere = false;
let keycloakStartedHere = false;
let stopping = false;

const portOf = (service) => process.env[service.portVariable] ?? String(service.port);
const urlOf = (name) => `http://${HOST}:${portOf([...SERVICES, WEB].find((s) => s.name === name))}`;

/** Every check that can stop the start, before anything is started: each failure is one line. */
async function preflight(authMode) {
  const brokerPort = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(':')[1];
  const startBroker = usesLocalBroker() && !(await isListening(HOST, brokerPort));
  // A Keycloak already running there (this realm or not yet) is used; anything else on its port is in the way.
  const startKeycloak = authMode === 'keycloak' && !(await realmAnswers(keycloakUrl(KEYCLOAK_PORT), 'master'));
  await checkPortsFree(HOST, [
    ...SERVICES.map((s) => ({ port: portOf(s), name: `the ${s.name} service`, variable: s.portVariable })),
    { port: portOf(WEB), name: 'the web app', variable: WEB.portVariable },
    ...(startKeycloak ? [{ port: KEYCLOAK_PORT, name: 'Keycloak', variable: 'KEYCLOAK_PORT' }] : []),
  ]);
  const javaUsers = [startBroker && 'the Kafka broker', startKeycloak && 'Keycloak'].filter(Boolean);
  if (javaUsers.length > 0) checkJava(`${javaUsers.join(' and ')} ${javaUsers.length > 1 ? 'run' : 'runs'} on it`);
  const kafkaCached = existsSync(join(ROOT, 'infra/kafka/.lib'));
  const keycloakCached = existsSync(join(ROOT, 'infra/keycloak/.dist'));
  const downloads = [
    startBroker && !kafkaCached && 'the Kafka broker is',
    startKeycloak && !keycloakCached && 'Keycloak is',
  ].filter(Boolean);
  if (downloads.length > 0) checkMaven(downloads.join(' and '));
  const databaseCreated = await preparePostgres(DATABASE_URL, {
    createDatabase: process.env.DATABASE_CREATE_IF_MISSING !== 'false',
    schemas: startKeycloak ? ['keycloak'] : [],
  });
  return { startBroker, startKeycloak, databaseCreated };
}

function keycloakEnv() {
  const db = new URL(DATABASE_URL);
  return {
    ...process.env,
    KEYCLOAK_PORT,
    KEYCLOAK_DB_URL: `jdbc:postgresql://${db.hostname}:${db.port || 5432}${db.pathname}`,
    KEYCLOAK_DB_USERNAME: decodeURIComponent(db.username || 'postgres'),
    KEYCLOAK_DB_PASSWORD: decodeURIComponent(db.password),
  };
}

async function main() {
  const started = Date.now();
  ensureDependencies();
  const authMode = localAuthMode();
  const { startBroker, startKeycloak, databaseCreated } = await preflight(authMode);
  if (databaseCreated) say(`created the database ${new URL(DATABASE_URL).pathname.slice(1)}`);

  // Keycloak takes longest (~30 s, more at its first start): it starts beside the broker, the build and the services.
  keycloakStartedHere = startKeycloak;
  const keycloakReady = startKeycloak
    ? keycloakScript('start', keycloakEnv()).then((status) => {
        if (status !== 0) throw new Error('Keycloak did not start (see above)');
      })
    : Promise.resolve();
  keycloakReady.catch(() => undefined);
  if (startBroker) {
    if (kafkaScript('start') !== 0) throw new Error('the Kafka broker did not start (see above)');
    brokerStartedHere = true;
  } else if (usesLocalBroker()) {
    say(`using the Kafka broker already listening on ${process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'}`);
  } else {
    say(`using the Kafka brokers in KAFKA_BROKERS: ${process.env.KAFKA_BROKERS}`);
  }
  build();

  const keycloak = keycloakUrl(KEYCLOAK_PORT);
  const authEnv = authMode === 'keycloak' ? authEnvFor(keycloak) : withDevAuth(process.env);
  const readable = readableLogs();
  for (const service of SERVICES) {
    const port = portOf(service);
    const child = spawnService(
      service,
      {
        ...process.env,
        ...authEnv,
        PORT: port,
        DATABASE_URL,
        // The services tell people where things are: links in notices and open data, the reporting root to the web app.
        INDICATORS_PUBLIC_URL: process.env.INDICATORS_PUBLIC_URL ?? urlOf('indicators'),
        TASKS_PUBLIC_URL: process.env.TASKS_PUBLIC_URL ?? urlOf('tasks'),
        REPORTING_PUBLIC_URL: process.env.REPORTING_PUBLIC_URL ?? urlOf('reporting'),
        WEB_PUBLIC_URL: process.env.WEB_PUBLIC_URL ?? urlOf('web'),
        ...(authMode === 'keycloak'
          ? {
              DOCS_OIDC_CLIENT_ID: API_DOCS_CLIENT_ID,
            }
          : {}),
      },
      { readable },
    );
    children.set(service.name, { child, port, exited: false });
    child.on('exit', (code, signal) => {
      children.get(service.name).exited = true;
      if (!stopping) {
        say(`${service.name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the platform`);
        void stop(1);
      }
    });
  }
  // The web app: its server forwards /api/<service>/ to the services above, so the browser talks to one origin.
  const web = spawnService(
    WEB,
    {
      ...process.env,
      PORT: portOf(WEB),
      TASKS_URL: urlOf('tasks'),
      INDICATORS_URL: urlOf('indicators'),
      NOTIFICATIONS_URL: urlOf('notifications'),
      REPORTING_URL: urlOf('reporting'),
      ...(authMode === 'keycloak' ? { WEB_OIDC_ISSUER: issuerOf(keycloak), WEB_OIDC_CLIENT_ID: WEB_CLIENT_ID } : {}),
    },
    { readable },
  );
  children.set(WEB.name, { child: web, port: portOf(WEB), exited: false });
  web.on('exit', (code, signal) => {
    children.get(WEB.name).exited = true;
    if (!stopping) {
      say(`the web app exited unexpectedly (${signal ?? `code ${code}`}); stopping the platform`);
      void stop(1);
    }
  });
  await Promise.all(
    [...children].map(([name, { port }]) =>
      waitForReady(`http://${HOST}:${port}/health/ready`, READY_TIMEOUT_MS, () => !children.get(name).exited),
    ),
  );
  if (authMode === 'keycloak') {
    await keycloakReady;
    const provisioned = await provisionRealm(
      keycloak,
      realmRepresentation({ pageOrigins: [urlOf('web')], apiOrigins: SERVICES.map((s) => urlOf(s.name)) }),
    );
    if (provisioned !== 'unchanged') say(`${provisioned} the Keycloak realm '${issuerOf(keycloak)}'`);
  }
  process.stdout.write(`${firstScreen({ seconds: (Date.now() - started) / 1000, authMode, databaseCreated })}\n`);
}

/** The first screen: where everything is, who can sign in, and how to publish a first event. */
function firstScreen({ seconds, authMode, databaseCreated }) {
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const keycloak = keycloakUrl(KEYCLOAK_PORT);
  const token =
    authMode === 'keycloak'
      ? 'npm run -s token -- --user=demo.viewer'
      : 'npm run -s token -- --agency=STTTT --roles=viewer';
  const lines = [
    '',
    `DX Hub is up in ${seconds.toFixed(1)} s.`,
    '',
    `  web app        ${urlOf('web')}   (dashboard, my work, programme office; Vietnamese, English beside it)`,
    ...SERVICES.map(
      (s) =>
        `  ${s.name.padEnd(14)} ${urlOf(s.name)}   API docs ${urlOf(s.name)}/docs   health /health/ready   metrics /metrics`,
    ),
    ...(authMode === 'keycloak'
      ? [
          `  sign-in        ${issuerOf(keycloak)}/account   (Keycloak ${keycloak}; admin console ${keycloak}/admin, admin / admin)`,
        ]
      : []),
    `  kafka          ${brokers}${usesLocalBroker() ? ' (PLAINTEXT on loopback: local development only)' : ''}`,
    `  postgres       ${DATABASE_URL.replace(/:[^:@/]+@/, ':***@')}`,
    '',
    ...(authMode === 'keycloak'
      ? [
          `Demo users (DEVELOPMENT-ONLY passwords; each signs in on the web app, ${urlOf('web')}):`,
          ...DEMO_USERS.map((u) => `  ${u.username.padEnd(16)} ${u.password.padEnd(16)} ${u.role} of ${u.agency}`),
        ]
      : authMode === 'dev-key'
        ? ['Tokens: the DEVELOPMENT-ONLY key of infra/dev-auth is trusted (LOCAL_AUTH=dev-key).']
        : [`Tokens: from ${process.env.AUTH_ISSUER}.`]),
    '',
    `Every /v1 endpoint needs a bearer token${authMode === 'keycloak' ? ' (on an API docs page: Authorize, then sign in)' : ''}:`,
    `  curl -H "Authorization: Bearer $(${token})" ${urlOf('indicators')}/v1/agencies`,
    '',
    'Publish a first value as an agency (a CloudEvent on its Kafka topic), then read the province figure:',
    `  node examples/publish-indicator-values.mjs --agency=SKHCN --indicator=BTS_COUNT --org-unit=815 --period=2025S1 --value=412`,
    `  curl -H "Authorization: Bearer $(${token})" '${urlOf('reporting')}/v1/aggregates?indicator=BTS_COUNT&orgUnit=82&period=2025S1'`,
    '',
    ...(databaseCreated
      ? [
          'The platform is empty. Fill it with the demo province (DEMO DATA: 2021–2025, published as agencies publish):',
          '  npm run demo',
          '',
        ]
      : []),
    'Ctrl-C stops everything.',
    '',
  ];
  return lines.join('\n');
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
  if (keycloakStartedHere) await keycloakScript('stop', keycloakEnv());
  if (brokerStartedHere) kafkaScript('stop');
  say('stopped');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

main().catch((error) => {
  if (error instanceof PreflightError) {
    say(`cannot start: ${error.message}`);
    process.exit(1);
  }
  say(`failed to start: ${error.message}`);
  void stop(1);
});
