import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { pingServer } from './test-database.repository';
import { TEST_DATABASE_ADMIN_URL, testKafkaBrokers } from './test-environment';

export const KAFKA_SCRIPT = join(__dirname, '../../../infra/kafka/kafka.sh');

/**
 * Integration and e2e tests run against the real broker and database. This makes sure both answer:
 * it starts the repository's Kafka broker when nothing listens on the test brokers' port.
 */
export default async function globalSetup(): Promise<void> {
  const [host, port] = testKafkaBrokers()[0].split(':');
  if (!(await isListening(host, Number(port)))) {
    const started = spawnSync('bash', [KAFKA_SCRIPT, 'start'], {
      stdio: 'inherit',
      env: { ...process.env, KAFKA_PORT: port },
    });
    if (started.status !== 0) throw new Error(`could not start the Kafka broker with ${KAFKA_SCRIPT}`);
    // globalTeardown runs in this same process: it stops only a broker this run started.
    process.env.DXHUB_TEST_BROKER_STARTED = port;
  }
  const client = new Client({ connectionString: TEST_DATABASE_ADMIN_URL });
  try {
    await client.connect();
    await pingServer(client);
  } catch (error) {
    throw new Error(`PostgreSQL does not answer at ${TEST_DATABASE_ADMIN_URL}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function isListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
