import type { SqlExecutor } from '@dxhub/persistence';
import { AUDIT_BATCH_KEY, insertAuditEntries } from './audit-log.repository';

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
 * Many events of one producer accepted in one transaction (a Kafka batch), stored as one row: GET /v1/audit still
 * lists each item as its own entry (`<row id>.<n>`), with the batch's actor, agency, action, source and time.
 */
export interface AuditBatch extends Omit<AuditEntry, 'resource' | 'requestId' | 'details'> {
  /** Each event: its id and what it was done to, in the order listed. */
  items: { requestId: string; resource: string }[];
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

/**
 * Appends each batch as one row (one set-based INSERT for all of them): its items go in `details.batch` as
 * `[requestId, resource]` pairs, which GET /v1/audit expands; the row's own resource and request
 * id are its first item's, so a reader of the table alone still sees one of them.
 */
export async function recordAuditBatches(manager: Queryable, batches: AuditBatch[]): Promise<void> {
  const stored = batches.filter((b) => b.items.length > 0);
  await recordAuditEntries(
    manager,
    stored.map(({ items, ...batch }) => ({
      ...batch,
      resource: items[0].resource,
      requestId: items[0].requestId,
      details: { [AUDIT_BATCH_KEY]: items.map((item) => [item.requestId, item.resource]) },
    })),
  );
}
