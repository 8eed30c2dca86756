import type { Client } from 'pg';

/*
 * The statements tests run on the database server's maintenance connection (a raw pg Client: they create and drop
 * whole databases, which no service's pool may do).
 */

export async function createTestDatabaseNamed(client: Client, name: string): Promise<void> {
  await client.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
}

/** Drops the database, closing the connections left on it. */
export async function dropTestDatabaseNamed(client: Client, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** One round trip: the server answers. */
export async function pingServer(client: Client): Promise<void> {
  await client.query('SELECT 1');
}
