import type { Client } from 'pg';

/*
 * The statements of the maintenance connection that creates a service's database (ensureDatabaseExists). A raw
 * pg Client, not TypeORM: the database it creates is the one TypeORM will connect to.
 */

/** Whether a database of that name exists on the server `client` is connected to. */
export async function databaseExists(client: Client, database: string): Promise<boolean> {
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  return (found.rowCount ?? 0) > 0;
}

/** Creates the database, UTF-8 from template0; PostgreSQL's error when it exists (42P04) goes to the caller. */
export async function createDatabase(client: Client, database: string): Promise<void> {
  await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}" ENCODING 'UTF8' TEMPLATE template0`);
}
