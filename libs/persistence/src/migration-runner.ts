import type { DataSource } from 'typeorm';

/**
 * Runs the service's pending migrations under a Postgres advisory lock on the schema, so replicas that
 * start together migrate once and the others wait. Creates the schema first.
 */
export async function runMigrationsLocked(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`dxhub:migrations:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`dxhub:migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}
