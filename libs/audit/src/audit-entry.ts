import type { SqlExecutor } from '@dxhub/persistence';
import { insertAuditEntries } from './audit-log.repository';

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

/**
 * Whatever runs the audit's statements: the DataSource, or a transaction's EntityManager so the entries commit with
 * the change they record. (The name is kept for callers; it is the persistence lib's SqlExecutor.)
 */
export type Queryable = SqlExecutor;

/**
 * Appends entries with one set-based INSERT (unnest over arrays), so the Kafka intake records a whole batch
 * in its own transaction at the cost of one statement.
 */
export async function recordAuditEntries(manager: Queryable, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await insertAuditEntries(manager, {
    times: entries.map((e) => e.at?.toISOString() ?? null),
    actors: entries.map((e) => e.actor),
    agencies: entries.map((e) => e.agency),
    actions: entries.map((e) => e.action),
    resources: entries.map((e) => e.resource),
    requestIds: entries.map((e) => e.requestId),
    sources: entries.map((e) => e.source),
    details: entries.map((e) => (e.details ? JSON.stringify(e.details) : null)),
  });
}
