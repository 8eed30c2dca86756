import type { DataSource } from 'typeorm';
import { createSchemaIfMissing, lockMigrations, unlockMigrations } from './database-session.repository';

/**
 * Runs the service's pending migrations under a Postgres advisory lock on the schema, so replicas that
 * start together migrate once and the others wait. Creates the schema first.
 */
export async function runMigrationsLocked(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await lockMigrations(runner, schema);
    try {
      await createSchemaIfMissing(runner, schema);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await unlockMigrations(runner, schema);
    }
  } finally {
    await runner.release();
  }
}
