import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FallbackStep, NoticeRow } from './notice-planner';

/** A claimed notice, as the worker sends it. */
export interface ClaimedNotice {
  id: string;
  event_source: string;
  event_id: string;
  event_type: string;
  rule: string;
  severity: string;
  recipient: string;
  agency_code: string;
  channel: string;
  address: string | null;
  locale: 'vi' | 'en';
  subject: string;
  body: string;
  data: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  fallback: FallbackStep[];
  created_at: Date;
}

export interface SendOutcome {
  id: string;
  status: 'sent' | 'pending' | 'failed';
  nextAttemptAt: string | null;
  error: string | null;
}

const COLUMNS = `event_source, event_id, event_type, rule, severity, recipient, agency_code, channel, address, locale, subject, body,
                 data, status, max_attempts, next_attempt_at, fallback, created_at`;
const RECORD = `x(event_source text, event_id text, event_type text, rule text, severity text, recipient text, agency_code text,
                  channel text, address text, locale text, subject text, body text, data jsonb, status text, max_attempts int,
                  next_attempt_at timestamptz, fallback jsonb, created_at timestamptz)`;

/** The notices table's SQL: set-based inserts keyed on (source, id, recipient, channel), the queue's claims and outcomes. */
@Injectable()
export class NoticesRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Inserts what is new; a notice that exists (a re-delivered event) is left alone. Returns how many were new. */
  async insert(rows: NoticeRow[], manager: EntityManager = this.dataSource.manager): Promise<number> {
    if (rows.length === 0) return 0;
    let inserted = 0;
    // Chunks keep one statement's JSON parameter reasonable on a 10,000-event burst.
    for (let i = 0; i < rows.length; i += 5000) {
      const result: unknown[] = await manager.query(
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
  async claim(rules: string[], now: Date, perRule: number, leaseMs: number): Promise<ClaimedNotice[]> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows] = (await this.dataSource.query(
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
    )) as [ClaimedNotice[], number];
    return rows;
  }

  /** Records the outcomes of one round; a notice failed for good starts its first fallback channel, in the same transaction. */
  async record(outcomes: SendOutcome[], now: Date): Promise<void> {
    if (outcomes.length === 0) return;
    await this.dataSource.transaction(async (m) => {
      await m.query(
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

  private async startFallback(m: EntityManager, failedIds: string[], now: Date): Promise<void> {
    await m.query(
      `INSERT INTO notices (event_source, event_id, event_type, rule, severity, recipient, agency_code, channel, address, locale,
                            subject, body, data, status, max_attempts, next_attempt_at, fallback, fallback_of, created_at)
       SELECT event_source, event_id, event_type, rule, severity, recipient, agency_code, fallback->0->>'channel',
              fallback->0->>'address', locale, subject, body, data, 'pending', max_attempts, $2, fallback - 0, id, $2
       FROM notices WHERE id = ANY($1::bigint[]) AND jsonb_array_length(fallback) > 0
       ON CONFLICT ON CONSTRAINT notices_once DO NOTHING`,
      [failedIds, now.toISOString()],
    );
  }
}
