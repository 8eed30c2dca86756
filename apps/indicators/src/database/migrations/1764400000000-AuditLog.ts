import { createAuditLogTable, dropAuditLogTable } from '@dxhub/audit';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/** The append-only audit log (libs/audit): accepted REST writes and accepted agency events. */
export class AuditLog1764400000000 implements MigrationInterface {
  name = 'AuditLog1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await createAuditLogTable(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditLogTable(q, S);
  }
}
