import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * Period locking: when a closing rule (PERIOD_CLOSING_RULES) has closed a period, reports for it are refused
 * unless the programme office re-opened it. Each re-opening is kept (who, why, until when); the latest one
 * whose `open_until` has not passed holds.
 */
export class PeriodReopenings1764520000000 implements MigrationInterface {
  name = 'PeriodReopenings1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".period_reopenings (
        id         bigserial   PRIMARY KEY,
        period     text        NOT NULL,
        reason     text        NOT NULL CHECK (reason ~ '\\S'),
        open_until timestamptz NOT NULL,
        opened_by  text        NOT NULL,
        agency     text        NOT NULL,
        opened_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX period_reopenings_period_idx ON "${S}".period_reopenings (period, open_until)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".period_reopenings`);
  }
}
