import type { MigrationInterface, QueryRunner } from 'typeorm';
import { NOTIFICATIONS_SCHEMA as S } from '../notifications-schema';

/**
 * Subscribers (the user directory notices are addressed through), agency settings (webhook, contact
 * e-mail, default preferences) and notices: one row per (event source, event id, recipient, channel),
 * which is the idempotency key end to end, and at the same time the delivery queue.
 */
export class CreateNotificationTables1764403200000 implements MigrationInterface {
  name = 'CreateNotificationTables1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}".agency_settings (
      agency_code text PRIMARY KEY,
      webhook_url text,
      webhook_secret text,
      email text,
      preferences jsonb,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "${S}".subscribers (
      user_id text PRIMARY KEY,
      agency_code text NOT NULL,
      roles text[] NOT NULL,
      email text,
      locale text NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi', 'en')),
      preferences jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX subscribers_agency ON "${S}".subscribers (agency_code)`);
    await q.query(`CREATE TABLE "${S}".notices (
      id bigserial PRIMARY KEY,
      event_source text NOT NULL,
      event_id text NOT NULL,
      event_type text NOT NULL,
      rule text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('critical', 'high', 'normal', 'low')),
      recipient text NOT NULL,
      agency_code text NOT NULL,
      channel text NOT NULL,
      address text,
      locale text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      data jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'held', 'digested')),
      attempts int NOT NULL DEFAULT 0,
      max_attempts int NOT NULL,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      sent_at timestamptz,
      read_at timestamptz,
      digest_id bigint,
      fallback jsonb NOT NULL DEFAULT '[]',
      fallback_of bigint,
      created_at timestamptz NOT NULL,
      CONSTRAINT notices_once UNIQUE (event_source, event_id, recipient, channel))`);
    await q.query(
      `CREATE INDEX notices_due ON "${S}".notices (rule, next_attempt_at) WHERE status IN ('pending', 'sending')`,
    );
    await q.query(
      `CREATE INDEX notices_inbox ON "${S}".notices (recipient, id DESC) WHERE channel = 'inbox' AND status = 'sent'`,
    );
    await q.query(`CREATE INDEX notices_held ON "${S}".notices (recipient, created_at) WHERE status = 'held'`);
    await q.query(`CREATE INDEX notices_status ON "${S}".notices (status, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".notices`);
    await q.query(`DROP TABLE "${S}".subscribers`);
    await q.query(`DROP TABLE "${S}".agency_settings`);
  }
}
