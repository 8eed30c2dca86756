import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { column, execute, type RowOf, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';

/*
 * Every statement on the service's append-only `audit_log` (createAuditLogTable): the set-based INSERT each write
 * makes in its own transaction, and GET /v1/audit's page.
 */

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
  /** Keyset cursor: rows with a smaller id only. */
  beforeId: number | null;
  limit: number;
}

/** The rows matching the filters, newest first (by id). */
export async function selectAuditLogPage(executor: SqlExecutor, query: AuditLogPageQuery): Promise<AuditLogRow[]> {
  return selectRows(
    executor,
    auditRow,
    `SELECT id::text, at, actor, agency, action, resource, request_id AS "requestId", source, details
     FROM audit_log
     WHERE ($1::text IS NULL OR agency = $1) AND ($2::text IS NULL OR actor = $2) AND ($3::text IS NULL OR action = $3)
       AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5) AND ($6::bigint IS NULL OR id < $6)
     ORDER BY id DESC LIMIT $7`,
    [query.agency, query.actor, query.action, query.from, query.to, query.beforeId, query.limit],
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
