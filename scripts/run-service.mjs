#!/usr/bin/env node
// `npm run start:<service>`: one service alone, in the foreground (the local broker is started if needed).

import { build, kafkaScript, say, SERVICES, spawnService, usesLocalBroker, WEB, withDevAuth } from './lib/platform.mjs';

const service = [...SERVICES, WEB].find((s) => s.name === process.argv[2]);
if (!service) {
  say(`usage: node scripts/run-service.mjs <${[...SERVICES, WEB].map((s) => s.name).join('|')}>`);
  process.exit(64);
}
if (service !== WEB && usesLocalBroker() && kafkaScript('start') !== 0) process.exit(1);
build();
const child = spawnService(service, {
  ...withDevAuth(process.env),
  PORT: process.env.PORT ?? process.env[service.portVariable] ?? String(service.port),
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
