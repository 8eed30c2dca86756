/** What a migration's QueryRunner offers: its query. */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** The table StreamGate counts in, created by the migration of each service that streams. Unlogged: rows are live state. */
export async function createStreamConnectionsTable(q: Queryable, schema: string): Promise<void> {
  await q.query(`
    CREATE UNLOGGED TABLE "${schema}".stream_connections (
      id        uuid        PRIMARY KEY,
      user_key  text        NOT NULL,
      opened_at timestamptz NOT NULL DEFAULT now(),
      seen_at   timestamptz NOT NULL DEFAULT now()
    )`);
  await q.query(`CREATE INDEX stream_connections_user ON "${schema}".stream_connections (user_key)`);
}

export async function dropStreamConnectionsTable(q: Queryable, schema: string): Promise<void> {
  await q.query(`DROP TABLE "${schema}".stream_connections`);
}
