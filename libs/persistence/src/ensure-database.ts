import { Client } from 'pg';

/** Creates the database named in `url` if it does not exist yet; safe when several services race. */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}" ENCODING 'UTF8' TEMPLATE template0`);
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
