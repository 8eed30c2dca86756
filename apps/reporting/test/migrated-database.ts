import { createServiceDataSource, runMigrationsLocked } from '@dxhub/persistence';
import { createTestDatabase, type TestDatabase } from '@dxhub/testing';
import type { DataSource } from 'typeorm';
import { REPORTING_DATABASE } from '../src/database/reporting-database';

/**
 * A database of its own with the reporting schema migrated, opened in the calling describe block's beforeAll and
 * dropped in its afterAll: for the specs that run statements without the service. Read `dataSource()` in tests.
 */
export function useMigratedReportingDatabase(label: string): { dataSource(): DataSource } {
  let database: TestDatabase | undefined;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(label);
    dataSource = createServiceDataSource({ url: database.url, poolSize: 2, ...REPORTING_DATABASE });
    await dataSource.initialize();
    await runMigrationsLocked(dataSource, REPORTING_DATABASE.schema);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });
  return {
    dataSource: () => {
      if (!dataSource) throw new Error(`the ${label} database is not open yet`);
      return dataSource;
    },
  };
}
