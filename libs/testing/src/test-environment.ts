import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabaseNamed, dropTestDatabaseNamed } from './test-database.repository';
import { testAuthEnv } from './tokens';

/** The server the tests create their databases on (a maintenance connection). */
export const TEST_DATABASE_ADMIN_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function testKafkaBrokers(): string[] {
  return (process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
}

/** A short random name part: each test file gets its own database and topic prefix. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** A topic prefix no other test run uses, so consumers read only their own test's topics. */
export function uniqueTopicPrefix(label: string): string {
  return `t${uniqueSuffix()}-${label}.`.toLowerCase();
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database; services migrate it themselves as they would in production. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const database = namedTestDatabase(label);
  await onAdminConnection((client) => createTestDatabaseNamed(client, database.name));
  return database;
}

/** A database name no one has used, not created: for a first start on a machine without the database. */
export function namedTestDatabase(label: string): TestDatabase {
  const name = `dxhub_test_${label}_${uniqueSuffix()}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const url = new URL(TEST_DATABASE_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => onAdminConnection((client) => dropTestDatabaseNamed(client, name)),
  };
}

async function onAdminConnection(work: (client: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_ADMIN_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** Polls until `probe` returns a value that is not undefined, or fails with the last observation. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/**
 * The environment a service under test runs with: its own database and topic prefix, the test broker,
 * one partition per topic (about 30 agencies × 4 topics each; partitions cost the broker, not the test),
 * trusting the dev token issuer (mint tokens with mintToken).
 */
export function serviceTestEnv(database: TestDatabase, topicPrefix: string): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    KAFKA_TOPIC_PARTITIONS: process.env.TEST_KAFKA_TOPIC_PARTITIONS ?? '1',
    LOG_LEVEL: 'warn',
    ...testAuthEnv(),
  };
}
