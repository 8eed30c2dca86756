import { Inject, Injectable } from '@nestjs/common';
import {
  type Column,
  column,
  execute,
  returningRows,
  type RowOf,
  rowShape,
  selectFirst,
  selectOne,
  selectRows,
  type SqlExecutor,
} from '@dxhub/persistence';
import { DataSource } from 'typeorm';
import type { Locale } from '../rules/notification-rules';
import type { NoticeRow } from './notice-row';

/** A locale column: the service writes only 'vi' and 'en'. */
export const localeColumn: Column<Locale> = {
  expected: "'vi' or 'en'",
  accepts: (value: unknown): value is Locale => value === 'vi' || value === 'en',
};

const claimedNotice = rowShape({
  id: column.text,
  event_source: column.text,
  event_id: column.text,
  event_type: column.text,
  rule: column.text,
  severity: column.text,
  recipient: column.text,
  agency_code: column.text,
  channel: column.text,
  address: column.nullable(column.text),
  locale: localeColumn,
  subject: column.text,
  body: column.text,
  data: column.jsonObject,
  attempts: column.number,
  max_attempts: column.number,
  fallback: column.jsonArray,
  created_at: column.timestamp,
});
/** A claimed notice, as the worker sends it. */
export type ClaimedNotice = RowOf<typeof claimedNotice>;

const heldNotice = rowShape({
  id: column.text,
  recipient: column.text,
  agency_code: column.text,
  address: column.nullable(column.text),
  locale: localeColumn,
  subject: column.text,
  body: column.text,
  max_attempts: column.number,
});
/** A low-severity e-mail held for the daily digest. */
export type HeldNotice = RowOf<typeof heldNotice>;

const deliveryRow = rowShape({
  id: column.text,
  event_source: column.text,
  event_id: column.text,
  event_type: column.text,
  rule: column.text,
  severity: column.text,
  recipient: column.text,
  agency_code: column.text,
  channel: column.text,
  address: column.nullable(column.text),
  subject: column.text,
  status: column.text,
  attempts: column.number,
  max_attempts: column.number,
  next_attempt_at: column.timestamp,
  last_error: column.nullable(column.text),
  sent_at: column.nullable(column.timestamp),
  fallback_of: column.nullable(column.text),
  created_at: column.timestamp,
});
/** A notice with its delivery state, as operators see it. */
export type DeliveryRow = RowOf<typeof deliveryRow>;

const inboxRow = rowShape({
  id: column.text,
  rule: column.text,
  severity: column.text,
  subject: column.text,
  body: column.text,
  event_type: column.text,
  data: column.jsonObject,
  created_at: column.timestamp,
  read_at: column.nullable(column.timestamp),
});
/** A notice as the inbox shows it (channel `inbox`). */
export type InboxRow = RowOf<typeof inboxRow>;

const noticeId = rowShape({ id: column.text });
const statusRow = rowShape({ status: column.text });
const countRow = rowShape({ count: column.number });

export interface SendOutcome {
  id: string;
  status: 'sent' | 'pending' | 'failed';
  nextAttemptAt: string | null;
  error: string | null;
}

/** What GET /v1/deliveries filters on; `cursor` is the last id of the previous page. */
export interface DeliveryFilter {
  status: string | null;
  rule: string | null;
  channel: string | null;
  eventId: string | null;
  cursor: string | null;
}

/** A digest e-mail: one per recipient and local date (its event id). */
export interface DigestNotice {
  source: string;
  date: string;
  recipient: string;
  agencyCode: string;
  address: string | null;
  locale: Locale;
  subject: string;
  body: string;
  data: Record<string, unknown>;
  maxAttempts: number;
  now: Date;
}

const COLUMNS = `event_source, event_id, event_type, rule, severity, recipient, agency_code, channel, address, locale, subject, body,
                 data, status, max_attempts, next_attempt_at, fallback, created_at`;
const RECORD = `x(event_source text, event_id text, event_type text, rule text, severity text, recipient text, agency_code text,
                  channel text, address text, locale text, subject text, body text, data jsonb, status text, max_attempts int,
                  next_attempt_at timestamptz, fallback jsonb, created_at timestamptz)`;

/**
 * Every statement on the notices table: set-based inserts keyed on (source, id, recipient, channel), the queue's
 * claims and outcomes, the digest, the operators' view and re-drive, and the inbox. A method that may run inside a
 * caller's transaction takes its executor (the transaction's EntityManager); the others run on the pool.
 */
@Injectable()
export class NoticesRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Inserts what is new; a notice that exists (a re-delivered event) is left alone. Returns how many were new. */
  async insert(rows: NoticeRow[], executor: SqlExecutor = this.dataSource): Promise<number> {
    if (rows.length === 0) return 0;
    let inserted = 0;
    // Chunks keep one statement's JSON parameter reasonable on a 10,000-event burst.
    for (let i = 0; i < rows.length; i += 5000) {
      const result = await returningRows(
        executor,
        noticeId,
        `INSERT INTO notices (${COLUMNS})
         SELECT ${COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS ${RECORD}
         ON CONFLICT ON CONSTRAINT notices_once DO NOTHING
         RETURNING id`,
        [JSON.stringify(rows.slice(i, i + 5000))],
      );
      inserted += result.length;
    }
    return inserted;
  }

  /**
   * Claims due notices, at most `perRule` of each rule, so a burst of one rule shares the workers with
   * every other rule (round-robin by rule; within a rule, oldest due first). A claim is a lease: the row
   * is due again at now + leaseMs if its worker dies before recording the outcome.
   */
  claim(rules: string[], now: Date, perRule: number, leaseMs: number): Promise<ClaimedNotice[]> {
    return returningRows(
      this.dataSource,
      claimedNotice,
      `WITH due AS (
         SELECT n.id FROM unnest($1::text[]) AS r(rule)
         CROSS JOIN LATERAL (
           SELECT id FROM notices
           WHERE status IN ('pending', 'sending') AND rule = r.rule AND next_attempt_at <= $2
           ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) n)
       UPDATE notices SET status = 'sending', attempts = attempts + 1, next_attempt_at = $2::timestamptz + make_interval(secs => $4 / 1000.0)
       FROM due WHERE notices.id = due.id
       RETURNING notices.id::text, event_source, event_id, event_type, rule, severity, recipient, agency_code, channel, address,
                 locale, subject, body, data, attempts, max_attempts, fallback, created_at`,
      [rules, now.toISOString(), perRule, leaseMs],
    );
  }

  /** Records the outcomes of one round; a notice failed for good starts its first fallback channel, in the same transaction. */
  async record(outcomes: SendOutcome[], now: Date): Promise<void> {
    if (outcomes.length === 0) return;
    await this.dataSource.transaction(async (m) => {
      await execute(
        m,
        `UPDATE notices n SET status = o.status,
                next_attempt_at = COALESCE(o.next_attempt_at, n.next_attempt_at),
                last_error = o.error,
                sent_at = CASE WHEN o.status = 'sent' THEN $2::timestamptz ELSE n.sent_at END
         FROM jsonb_to_recordset($1::jsonb) AS o(id bigint, status text, next_attempt_at timestamptz, error text)
         WHERE n.id = o.id AND n.status = 'sending'`,
        [
          JSON.stringify(
            outcomes.map((o) => ({ id: o.id, status: o.status, next_attempt_at: o.nextAttemptAt, error: o.error })),
          ),
          now.toISOString(),
        ],
      );
      const failed = outcomes.filter((o) => o.status === 'failed').map((o) => o.id);
      if (failed.length > 0) await this.startFallback(m, failed, now);
    });
  }

  private async startFallback(executor: SqlExecutor, failedIds: string[], now: Date): Promise<void> {
    await execute(
      executor,
      `INSERT INTO notices (event_source, event_id, event_type, rule, severity, recipient, agency_code, channel, address, locale,
                            subject, body, data, status, max_attempts, next_attempt_at, fallback, fallback_of, created_at)
       SELECT event_source, event_id, event_type, rule, severity, recipient, agency_code, fallback->0->>'channel',
              fallback->0->>'address', locale, subject, body, data, 'pending', max_attempts, $2, fallback - 0, id, $2
       FROM notices WHERE id = ANY($1::bigint[]) AND jsonb_array_length(fallback) > 0
       ON CONFLICT ON CONSTRAINT notices_once DO NOTHING`,
      [failedIds, now.toISOString()],
    );
  }

  /** Every held notice created up to `now`, by recipient and age, locked for the digest that takes them. */
  heldUpTo(executor: SqlExecutor, now: Date): Promise<HeldNotice[]> {
    return selectRows(
      executor,
      heldNotice,
      `SELECT id::text, recipient, agency_code, address, locale, subject, body, max_attempts FROM notices
         WHERE status = 'held' AND created_at <= $1 ORDER BY recipient, created_at, notices.id FOR UPDATE SKIP LOCKED`,
      [now.toISOString()],
    );
  }

  /** Inserts a recipient's digest for the day; undefined when it exists already (another replica, a second run). */
  async insertDigest(executor: SqlExecutor, digest: DigestNotice): Promise<string | undefined> {
    const inserted = await returningRows(
      executor,
      noticeId,
      `INSERT INTO notices (event_source, event_id, event_type, rule, severity, recipient, agency_code, channel, address, locale,
                                subject, body, data, status, max_attempts, next_attempt_at, fallback, created_at)
           VALUES ($1, $2, 'dx.notifications.digest', 'digest', 'low', $3, $4, 'email', $5, $6, $7, $8, $9, 'pending', $10, $11, '[{"channel":"inbox","address":null}]', $11)
           ON CONFLICT ON CONSTRAINT notices_once DO NOTHING RETURNING id::text`,
      [
        digest.source,
        digest.date,
        digest.recipient,
        digest.agencyCode,
        digest.address,
        digest.locale,
        digest.subject,
        digest.body,
        JSON.stringify(digest.data),
        digest.maxAttempts,
        digest.now.toISOString(),
      ],
    );
    return inserted.length > 0 ? inserted[0].id : undefined;
  }

  /** Marks held notices as taken into the digest `digestId`. */
  async markDigested(executor: SqlExecutor, digestId: string, ids: string[]): Promise<void> {
    await execute(executor, `UPDATE notices SET status = 'digested', digest_id = $1 WHERE id = ANY($2::bigint[])`, [
      digestId,
      ids,
    ]);
  }

  /** A page of notices with their delivery state, newest first: `limit` rows at most. */
  deliveries(filter: DeliveryFilter, limit: number): Promise<DeliveryRow[]> {
    return selectRows(
      this.dataSource,
      deliveryRow,
      `SELECT id::text, event_source, event_id, event_type, rule, severity, recipient, agency_code, channel, address, subject, status,
              attempts, max_attempts, next_attempt_at, last_error, sent_at, fallback_of::text, created_at
       FROM notices
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR rule = $2) AND ($3::text IS NULL OR channel = $3)
         AND ($4::text IS NULL OR event_id = $4) AND ($5::bigint IS NULL OR id < $5)
       ORDER BY notices.id DESC LIMIT $6`,
      [filter.status, filter.rule, filter.channel, filter.eventId, filter.cursor, limit],
    );
  }

  /**
   * Makes a failed notice pending again with a fresh set of tries from `now`; any other notice is left as it is.
   * Answers the status the notice had, or undefined when there is no such notice.
   */
  async redrive(executor: SqlExecutor, id: string, now: Date): Promise<string | undefined> {
    const rows = await returningRows(
      executor,
      statusRow,
      `WITH target AS (SELECT id, status FROM notices WHERE id = $1 FOR UPDATE)
         UPDATE notices n SET status = CASE WHEN t.status = 'failed' THEN 'pending' ELSE n.status END,
                attempts = CASE WHEN t.status = 'failed' THEN 0 ELSE n.attempts END,
                next_attempt_at = CASE WHEN t.status = 'failed' THEN $2::timestamptz ELSE n.next_attempt_at END
         FROM target t WHERE n.id = t.id RETURNING t.status`,
      [id, now.toISOString()],
    );
    return rows.length > 0 ? rows[0].status : undefined;
  }

  /** A page of a recipient's inbox, newest first: `limit` rows at most, older than `cursor`, only unread if asked. */
  inboxPage(
    recipient: string,
    agencyCode: string,
    page: { cursor: string | null; unreadOnly: boolean; limit: number },
  ): Promise<InboxRow[]> {
    return selectRows(
      this.dataSource,
      inboxRow,
      `SELECT id::text, rule, severity, subject, body, event_type, data, created_at, read_at FROM notices
       WHERE channel = 'inbox' AND status = 'sent' AND recipient = $1 AND agency_code = $2
         AND ($3::bigint IS NULL OR id < $3) AND (NOT $4 OR read_at IS NULL)
       ORDER BY notices.id DESC LIMIT $5`,
      [recipient, agencyCode, page.cursor, page.unreadOnly, page.limit],
    );
  }

  async unreadCount(recipient: string, agencyCode: string): Promise<number> {
    const { count } = await selectOne(
      this.dataSource,
      countRow,
      `SELECT count(*)::int AS count FROM notices WHERE channel = 'inbox' AND status = 'sent' AND recipient = $1 AND agency_code = $2 AND read_at IS NULL`,
      [recipient, agencyCode],
    );
    return count;
  }

  /** A notice shown in the inbox (sent), or undefined. */
  sentInboxNotice(id: string): Promise<InboxRow | undefined> {
    return selectFirst(
      this.dataSource,
      inboxRow,
      `SELECT id::text, rule, severity, subject, body, event_type, data, created_at, read_at FROM notices
       WHERE id = $1 AND channel = 'inbox' AND status = 'sent'`,
      [id],
    );
  }

  /** Marks one of a recipient's inbox notices read (kept as first read); answers how many it found (0 or 1). */
  markRead(executor: SqlExecutor, id: string, recipient: string, agencyCode: string): Promise<number> {
    return execute(
      executor,
      `UPDATE notices SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND channel = 'inbox' AND status = 'sent' AND recipient = $2 AND agency_code = $3 RETURNING id`,
      [id, recipient, agencyCode],
    );
  }

  /** Marks every unread inbox notice of a recipient read; answers how many. */
  markAllRead(executor: SqlExecutor, recipient: string, agencyCode: string): Promise<number> {
    return execute(
      executor,
      `UPDATE notices SET read_at = now() WHERE channel = 'inbox' AND status = 'sent' AND recipient = $1 AND agency_code = $2 AND read_at IS NULL`,
      [recipient, agencyCode],
    );
  }
}
