import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * Data approval (DHIS2's term): the value that counts in each cell is pending until its approving agency
 * approves it or returns it with a reason; a later correction puts an approved cell back to pending.
 * The state lives beside the value it is about, so approved-only figures read one table.
 */
export class ApprovalState1764500000000 implements MigrationInterface {
  name = 'ApprovalState1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "${S}".indicator_values
        ADD COLUMN approval_status     text        NOT NULL DEFAULT 'pending'
                                                   CHECK (approval_status IN ('pending', 'approved', 'returned')),
        ADD COLUMN approval_reason     text        NULL,
        ADD COLUMN approval_changed_by text        NULL,
        ADD COLUMN approval_changed_at timestamptz NULL`);
    await q.query(`
      CREATE INDEX indicator_values_approved_idx ON "${S}".indicator_values (indicator_code, period)
        WHERE approval_status = 'approved'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "${S}".indicator_values_approved_idx`);
    await q.query(`
      ALTER TABLE "${S}".indicator_values
        DROP COLUMN approval_status, DROP COLUMN approval_reason, DROP COLUMN approval_changed_by,
        DROP COLUMN approval_changed_at`);
  }
}
