import { spawnSync } from 'node:child_process';
import { KAFKA_SCRIPT } from './global-setup';

/** Stops the broker if globalSetup started it; a broker that was already running is left alone. */
export default async function globalTeardown(): Promise<void> {
  const port = process.env.DXHUB_TEST_BROKER_STARTED;
  if (!port) return;
  spawnSync('bash', [KAFKA_SCRIPT, 'stop'], { stdio: 'inherit', env: { ...process.env, KAFKA_PORT: port } });
  delete process.env.DXHUB_TEST_BROKER_STARTED;
}
