import type { QueryRunner } from 'typeorm';
import { column, rowShape } from './repository/row-shape';
import { execute, selectOne, type SqlExecutor } from './repository/sql-statements';

/*
 * The statements the persistence mechanisms run on a session rather than on a table: advisory locks (migrations,
 * exclusive jobs), the schema, transaction-local settings and the readiness probe.
 */

/** The session-level lock every replica's migration run takes on the schema (released by unlockMigrations). */
export async function lockMigrations(runner: QueryRunner, schema: string): Promise<void> {
  await execute(runner, 'SELECT pg_advisory_lock(hashtext($1))', [`dxhub:migrations:${schema}`]);
}

export async function unlockMigrations(runner: QueryRunner, schema: string): Promise<void> {
  await execute(runner, 'SELECT pg_advisory_unlock(hashtext($1))', [`dxhub:migrations:${schema}`]);
}

export async function createSchemaIfMissing(runner: QueryRunner, schema: string): Promise<void> {
  await execute(runner, `CREATE SCHEMA IF NOT EXISTS "${schema}"`);
}

const lockedRow = rowShape({ locked: column.boolean });

/** Takes the transaction-level advisory lock `lockName` without waiting; false when another holds it. */
export async function tryTransactionLock(manager: SqlExecutor, lockName: string): Promise<boolean> {
  const { locked } = await selectOne(manager, lockedRow, `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [
    lockName,
  ]);
  return locked;
}

/** Sets transaction-local settings (`set_config(name, value, true)`), all in one statement. */
export async function setTransactionSettings(
  runner: QueryRunner,
  settings: readonly (readonly [name: string, value: string])[],
): Promise<void> {
  if (settings.length === 0) return;
  const calls = settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ');
  await execute(runner, `SELECT ${calls}`, settings.flat());
}

/** One round trip to the database: the readiness probe. */
export async function pingDatabase(executor: SqlExecutor): Promise<void> {
  await execute(executor, 'SELECT 1');
}
