import { Client } from 'pg';
import { createDatabase, databaseExists } from './database-admin.repository';

/** Creates the database named in `url` if it does not exist yet; safe when several services race. */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    if (await databaseExists(client, database)) return false;
    try {
      await createDatabase(client, database);
      return true;
    } catch (error) {
      // Another service created it between our check and our create: 42P04 duplicate_database, or 23505
      // (pg_database_datname_index) when both CREATE DATABASE statements ran at once.
      const code = (error as { code?: string }).code;
      if (code === '42P04' || code === '23505') return false;
      throw error;
    }
  } finally {
    await client.end();
  }
}
