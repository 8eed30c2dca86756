/** One accepted write: who, for which agency, what, where from, under which request or event id. */
export interface AuditEntry {
  /** The token's `sub`, or `kafka:<agency>` for an agency's producer. */
  actor: string;
  agency: string | null;
  /** What was done: `POST /v1/indicators`, `indicator-value.reported`. */
  action: string;
  /** What it was done to: the request path, or the reported cell. */
  resource: string;
  /** X-Request-Id (or the one generated), or the event's ce_id. */
  requestId: string;
  /** The client address, or `kafka:<topic>`. */
  source: string;
  details?: Record<string, unknown> | null;
  /** When; the database's now() when absent. */
  at?: Date;
}

/** The minimal query surface of a TypeORM EntityManager / DataSource, so callers pass their transaction's. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Appends entries with one set-based INSERT (unnest over arrays), so the Kafka intake records a whole batch
 * in its own transaction at the cost of one statement.
 */
export async function recordAuditEntries(manager: Queryable, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await manager.query(
    `INSERT INTO audit_log (at, actor, agency, action, resource, request_id, source, details)
     SELECT coalesce(at, now()), actor, agency, action, resource, request_id, source, details
     FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])
       AS e(at, actor, agency, action, resource, request_id, source, details)`,
    [
      entries.map((e) => e.at?.toISOString() ?? null),
      entries.map((e) => e.actor),
      entries.map((e) => e.agency),
      entries.map((e) => e.action),
      entries.map((e) => e.resource),
      entries.map((e) => e.requestId),
      entries.map((e) => e.source),
      entries.map((e) => (e.details ? JSON.stringify(e.details) : null)),
    ],
  );
}
