import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TestKafkaConnection } from './agency-producer';
import { KAFKA_SCRIPT } from './global-setup';
import { uniqueSuffix } from './test-environment';

/** A broker of its own in the production security profile (SASL/SCRAM-SHA-512, ACLs, deny by default). */
export interface SaslBroker {
  brokers: string[];
  /** The super user's connection (provisioning, reading dead letters, cleanup). */
  admin: TestKafkaConnection;
  adminPassword: string;
  /** The password of each user created at start (name → password). */
  passwords: Record<string, string>;
  /** A connection as `username` with `password` (its own unless given). */
  as(username: string, password?: string): TestKafkaConnection;
  /** Stops the broker and deletes its data dir. */
  stop(): void;
}

/** A fresh random password (SCRAM's syntax allows [A-Za-z0-9._~+-]). */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url').replace(/_/g, '.');
}

/** A TCP port nothing listens on right now (the kernel's pick). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts infra/kafka/kafka.sh with KAFKA_SECURITY=sasl on free ports and a data dir of its own under
 * tmp/, with a SCRAM user for each name in `users` (created when the storage is formatted). It is
 * independent of the PLAINTEXT test broker the other integration tests share.
 */
export async function startSaslBroker(users: readonly string[]): Promise<SaslBroker> {
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  const dataDir = join(__dirname, '../../../tmp', `kafka-sasl-${uniqueSuffix()}`);
  const adminPassword = randomPassword();
  const passwords = Object.fromEntries(users.map((u) => [u, randomPassword()]));
  const env = {
    ...process.env,
    KAFKA_SECURITY: 'sasl',
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    KAFKA_DATA_DIR: dataDir,
    KAFKA_ADMIN_USER: 'admin',
    KAFKA_ADMIN_PASSWORD: adminPassword,
    KAFKA_SCRAM_USERS: Object.entries(passwords)
      .map(([u, p]) => `${u}=${p}`)
      .join(' '),
  };
  const script = (command: string) => spawnSync('bash', [KAFKA_SCRIPT, command], { env, encoding: 'utf8' });
  const started = script('start');
  if (started.status !== 0) {
    script('reset');
    throw new Error(`could not start the SASL broker:\n${started.stdout}${started.stderr}`);
  }
  const brokers = [`127.0.0.1:${port}`];
  const as = (username: string, password = passwords[username]): TestKafkaConnection => ({
    brokers,
    sasl: { mechanism: 'scram-sha-512', username, password },
  });
  return {
    brokers,
    admin: as('admin', adminPassword),
    adminPassword,
    passwords,
    as,
    stop: () => {
      script('reset');
    },
  };
}
