import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessDeniedError, AccessRule, type Principal } from '@dxhub/auth';
import type { RejectionChannel, RejectionCode } from '@dxhub/contracts';
import type { SqlExecutor } from '@dxhub/persistence';
import { selectRejectedEventsPage } from '../inbound/rejected-events.repository';

/** Refusals a page holds by default and at most. */
export const REJECTIONS_DEFAULT_LIMIT = 50;
export const REJECTIONS_MAX_LIMIT = 500;

/** Roles that may read another agency's refusals (`agency=`). */
const OVERSEEING_ROLES = ['programme-office', 'admin'] as const;

/** One refusal as GET /v1/rejections shows it. */
export interface RejectionView {
  id: string;
  channel: RejectionChannel;
  /** Kafka only: where the record was (null for REST and spreadsheet refusals). */
  topic: string | null;
  partition: number | null;
  offset: string | null;
  eventId: string | null;
  eventType: string | null;
  reasonCode: RejectionCode;
  reason: string;
  rejectedAt: string;
}

export interface RejectionsPage {
  items: RejectionView[];
  nextCursor: string | null;
}

/** Where a page ends: the last refusal's time (microseconds since the epoch) and id, newest first. */
export interface RejectionCursor {
  atMicros: string;
  id: string;
}

export interface RejectionFilter {
  agency: string;
  /** From this time on (inclusive). */
  from?: Date;
  /** Up to this time (inclusive). */
  to?: Date;
  reasonCode?: RejectionCode;
  limit: number;
  after?: RejectionCursor;
}

const CURSOR_PREFIX = 'rj1:';

export function encodeRejectionCursor(cursor: RejectionCursor): string {
  return Buffer.from(`${CURSOR_PREFIX}${cursor.atMicros}:${cursor.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or null when the text is not a cursor this API made. */
export function decodeRejectionCursor(text: string): RejectionCursor | null {
  if (!/^[A-Za-z0-9_-]{1,96}$/.test(text)) return null;
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = /^rj1:(-?\d{1,19}):([1-9]\d{0,18})$/.exec(decoded);
  return match ? { atMicros: match[1], id: match[2] } : null;
}

/**
 * The agency whose refusals a caller reads: the token's own; another only for the programme office and
 * admins (else 403, rule `agency-matches-token`).
 */
export function rejectionsAgency(principal: Principal, requested: string | undefined): string {
  if (requested === undefined || requested === principal.agency) return principal.agency;
  if (principal.roles.some((r) => (OVERSEEING_ROLES as readonly string[]).includes(r))) return requested;
  throw new AccessDeniedError(
    AccessRule.AGENCY_MATCHES_TOKEN,
    `the request names agency '${requested}' but the token is for agency '${principal.agency}'; only the programme office and admins read another agency's refusals`,
  );
}

/**
 * One page of an agency's refusals from the service's rejection log, newest first (by time, then id), with
 * the filters combined. Keyset paging: the next page starts strictly after the cursor, so rows logged
 * meanwhile never shift a page.
 */
export async function readRejections(executor: SqlExecutor, filter: RejectionFilter): Promise<RejectionsPage> {
  const rows = await selectRejectedEventsPage(executor, {
    agency: filter.agency,
    from: filter.from?.toISOString() ?? null,
    to: filter.to?.toISOString() ?? null,
    reasonCode: filter.reasonCode ?? null,
    afterMicros: filter.after?.atMicros ?? null,
    afterId: filter.after?.id ?? null,
    limit: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      channel: r.channel,
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      eventId: r.eventId,
      eventType: r.eventType,
      reasonCode: r.reasonCode,
      reason: r.reason,
      rejectedAt: r.rejectedAt.toISOString(),
    })),
    nextCursor: rows.length > filter.limit ? encodeRejectionCursor({ atMicros: last.atMicros, id: last.id }) : null,
  };
}

/** The rejection log as the API reads it, on the service's pool. */
@Injectable()
export class RejectionsReader {
  constructor(@Inject(DataSource) private readonly pool: DataSource) {}

  page(filter: RejectionFilter): Promise<RejectionsPage> {
    return readRejections(this.pool, filter);
  }
}
