import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * Period locking by hand: the programme office locks a period whatever its closing rule says. Each lock is kept
 * (who, why, when); a period is locked from the first lock on, and a lock ends the re-openings granted before it.
 * `locked_at` is written by the service from its clock, the clock the intake's time of receipt is read on.
 */
export class PeriodManualLocks1765500000000 implements MigrationInterface {
  name = 'PeriodManualLocks1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".period_manual_locks (
        id        bigserial   PRIMARY KEY,
        period    text        NOT NULL,
        reason    text        NOT NULL CHECK (reason ~ '\\S'),
        locked_by text        NOT NULL,
        agency    text        NOT NULL,
        locked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX period_manual_locks_period_idx ON "${S}".period_manual_locks (period, locked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".period_manual_locks`);
  }
}
