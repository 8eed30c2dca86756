import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { KAFKA_SCRIPT } from './global-setup';
import { freePort } from './sasl-broker';
import { uniqueSuffix } from './test-environment';

/** A PLAINTEXT broker of a test's own, which it may stop and start again (the shared one it must never touch). */
export interface OwnBroker {
  brokers: string[];
  /** Stops the broker; its data stays, so start() brings back every topic, offset and group. */
  stop(): void;
  /** Starts it again on the same ports and data; resolves when it answers. */
  start(): void;
  /** Stops it and deletes its data. */
  remove(): void;
}

/** Starts infra/kafka/kafka.sh on free ports with a data dir of its own under tmp/. */
export async function startOwnBroker(): Promise<OwnBroker> {
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  const env = {
    ...process.env,
    KAFKA_SECURITY: 'plaintext',
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    KAFKA_DATA_DIR: join(__dirname, '../../../tmp', `kafka-own-${uniqueSuffix()}`),
  };
  const script = (command: string) => {
    const run = spawnSync('bash', [KAFKA_SCRIPT, command], { env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`kafka.sh ${command} failed:\n${run.stdout}${run.stderr}`);
  };
  script('start');
  return {
    brokers: [`127.0.0.1:${port}`],
    stop: () => script('stop'),
    start: () => script('start'),
    remove: () => script('reset'),
  };
}
