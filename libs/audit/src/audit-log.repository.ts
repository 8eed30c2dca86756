import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { column, execute, type RowOf, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';

/*
 * Every statement on the service's append-only `audit_log` (createAuditLogTable): the set-based INSERT each write
 * makes in its own transaction, and GET /v1/audit's page.
 */

/** The key of a batch row's `details` that holds its items, `[requestId, resource]` each (recordAuditBatches). */
export const AUDIT_BATCH_KEY = 'batch';

/** The columns of the entries one INSERT writes, one array per column, index i being entry i. */
export interface AuditLogInsert {
  /** ISO 8601 times; null: the database's now(). */
  times: (string | null)[];
  actors: string[];
  agencies: (string | null)[];
  actions: string[];
  resources: string[];
  requestIds: string[];
  sources: string[];
  /** Each entry's details as JSON text, or null. */
  details: (string | null)[];
}

/** Appends the entries with one statement (unnest over arrays). */
export async function insertAuditEntries(executor: SqlExecutor, entries: AuditLogInsert): Promise<void> {
  await execute(
    executor,
    `INSERT INTO audit_log (at, actor, agency, action, resource, request_id, source, details)
     SELECT coalesce(at, now()), actor, agency, action, resource, request_id, source, details
     FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])
       AS e(at, actor, agency, action, resource, request_id, source, details)`,
    [
      entries.times,
      entries.actors,
      entries.agencies,
      entries.actions,
      entries.resources,
      entries.requestIds,
      entries.sources,
      entries.details,
    ],
  );
}

const auditRow = rowShape({
  /** The row's id; `<row id>.<n>` for the n-th item of a batch row. */
  id: column.text,
  at: column.timestamp,
  actor: column.text,
  agency: column.nullable(column.text),
  action: column.text,
  resource: column.text,
  requestId: column.text,
  source: column.text,
  details: column.nullable(column.jsonObject),
});

/** An audit_log row as GET /v1/audit reads it. */
export type AuditLogRow = RowOf<typeof auditRow>;

/** What a page of the audit log asks for: the filters (null: any), before a row id, at most `limit` rows. */
export interface AuditLogPageQuery {
  agency: string | null;
  actor: string | null;
  action: string | null;
  from: string | null;
  to: string | null;
  /** Keyset cursor: entries before this row id and item (0: the row itself, or all its items). */
  before: { id: number; item: number } | null;
  limit: number;
}

/**
 * The entries matching the filters, newest first: by row id, and within a batch row (its items expanded, each an
 * entry with the row's actor, agency, action, source and time) last item first. An item's position counts from 1;
 * a plain row is item 0, so `(id, item) < (before.id, before.item)` is one keyset for both.
 */
export async function selectAuditLogPage(executor: SqlExecutor, query: AuditLogPageQuery): Promise<AuditLogRow[]> {
  return selectRows(
    executor,
    auditRow,
    `SELECT CASE WHEN e.n IS NULL THEN a.id::text ELSE a.id || '.' || e.n END AS id, a.at, a.actor, a.agency, a.action,
            coalesce(e.item->>1, a.resource) AS resource, coalesce(e.item->>0, a.request_id) AS "requestId", a.source,
            CASE WHEN e.n IS NULL THEN a.details END AS details
     FROM audit_log a
     LEFT JOIN LATERAL jsonb_array_elements(
       CASE WHEN jsonb_typeof(a.details->'${AUDIT_BATCH_KEY}') = 'array' THEN a.details->'${AUDIT_BATCH_KEY}' END
     ) WITH ORDINALITY AS e(item, n) ON true
     WHERE ($1::text IS NULL OR a.agency = $1) AND ($2::text IS NULL OR a.actor = $2) AND ($3::text IS NULL OR a.action = $3)
       AND ($4::timestamptz IS NULL OR a.at >= $4) AND ($5::timestamptz IS NULL OR a.at < $5)
       AND ($6::bigint IS NULL OR a.id < $6 OR (a.id = $6 AND coalesce(e.n, 0) < $7))
     ORDER BY a.id DESC, e.n DESC NULLS LAST LIMIT $8`,
    [
      query.agency,
      query.actor,
      query.action,
      query.from,
      query.to,
      query.before?.id ?? null,
      query.before?.item ?? 0,
      query.limit,
    ],
  );
}

/** The audit log as the API reads it: its pages, on the service's pool. */
@Injectable()
export class AuditLogRepository {
  constructor(@Inject(DataSource) private readonly pool: DataSource) {}

  page(query: AuditLogPageQuery): Promise<AuditLogRow[]> {
    return selectAuditLogPage(this.pool, query);
  }
}
