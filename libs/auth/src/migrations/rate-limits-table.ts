/** What a migration's QueryRunner offers: its query. (A TypeORM DataSource or EntityManager fits too.) */
export interface RateLimitDatabase {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** The table PostgresRateLimiter counts in, created by each service's migration in its schema. Unlogged: counts are worth a crash's loss, not WAL. */
export async function createRateLimitTable(q: RateLimitDatabase, schema: string): Promise<void> {
  await q.query(`
    CREATE UNLOGGED TABLE "${schema}".rate_limits (
      key     text        PRIMARY KEY,
      tat     timestamptz NOT NULL,
      allowed boolean     NOT NULL
    )`);
}

export async function dropRateLimitTable(q: RateLimitDatabase, schema: string): Promise<void> {
  await q.query(`DROP TABLE "${schema}".rate_limits`);
}
