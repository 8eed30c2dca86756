import { TEST_DATABASE_ADMIN_URL, uniqueSuffix } from '@dxhub/testing';
import { Client } from 'pg';
import { ensureDatabaseExists } from '@dxhub/persistence';

/*
 * Four services starting together on a database that does not exist yet each try to create it: exactly one
 * does, and none fails (PostgreSQL reports the loser of a simultaneous CREATE DATABASE as 42P04 or as a
 * unique violation on pg_database_datname_index, depending on timing).
 */
describe('ensureDatabaseExists', () => {
  const name = `dxhub_test_race_${uniqueSuffix()}`;
  const url = new URL(TEST_DATABASE_ADMIN_URL);
  url.pathname = `/${name}`;

  afterAll(async () => {
    const admin = new Client({ connectionString: TEST_DATABASE_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('creates a missing database once when eight callers race, and none of them fails', async () => {
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => ensureDatabaseExists(url.toString())));
    expect(outcomes.filter((created) => created)).toHaveLength(1);
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    const { rows } = await client.query<{ encoding: string }>(
      'SELECT pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()',
    );
    await client.end();
    expect(rows).toEqual([{ encoding: 'UTF8' }]);
    expect(await ensureDatabaseExists(url.toString())).toBe(false);
  });
});
