import { AsyncLocalStorage } from 'node:async_hooks';
import { type AuditEntry, type Queryable, recordAuditEntries } from './audit-entry';

/** The audit row of the REST write being handled, and whether a transaction has recorded it yet. */
export interface RequestAudit {
  entry: AuditEntry;
  recorded: boolean;
  /** Set once the response is decided: work the request left behind (a timer it started) records nothing more. */
  closed?: boolean;
}

const current = new AsyncLocalStorage<RequestAudit>();

/** Runs a REST write's handler with its audit row pending (AuditInterceptor does). */
export function runWithRequestAudit<T>(audit: RequestAudit, work: () => T): T {
  return current.run(audit, work);
}

/** The pending audit of the REST write this code runs for; undefined outside one (Kafka, timers, boot). */
export function pendingRequestAudit(): RequestAudit | undefined {
  return current.getStore();
}

/**
 * Records the audit row of the REST write this code runs for in `manager`'s transaction, the one that makes the
 * change, so the change and its row commit (or roll back) together. Call it inside every transaction a write route
 * makes; outside a REST write (a consumer, a job) it does nothing. `details` add to the row's (counts, ids).
 */
export async function auditRequestIn(manager: Queryable, details: Record<string, unknown> = {}): Promise<void> {
  const audit = current.getStore();
  if (!audit || audit.closed) return;
  await recordAuditEntries(manager, [withDetails(audit.entry, details)]);
  audit.recorded = true;
}

/**
 * The audit row of the REST write this code runs for, to be written by a transaction that runs elsewhere (the
 * intake's group commit stores several requests' values in one transaction); marks it recorded. Undefined outside
 * a REST write.
 */
export function takeRequestAudit(details: Record<string, unknown> = {}): AuditEntry | undefined {
  const audit = current.getStore();
  if (!audit || audit.closed) return undefined;
  audit.recorded = true;
  return withDetails(audit.entry, details);
}

function withDetails(entry: AuditEntry, details: Record<string, unknown>): AuditEntry {
  return { ...entry, details: { ...(entry.details ?? {}), ...details } };
}
