import { createAuditLogTable, dropAuditLogTable } from '@dxhub/audit';
import { createRateLimitTable, dropRateLimitTable } from '@dxhub/auth';
import { createStreamConnectionsTable, dropStreamConnectionsTable } from '@dxhub/http';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REPORTING_SCHEMA as S } from '../reporting-schema';

/**
 * The append-only audit log of REST writes (libs/audit), the request counts of the rate limits (libs/auth) and the
 * open server-sent-event streams (libs/http StreamGate): what lets each limit hold across replicas.
 */
export class SecurityLimits1764900000000 implements MigrationInterface {
  name = 'SecurityLimits1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await createAuditLogTable(q, S);
    await createRateLimitTable(q, S);
    await createStreamConnectionsTable(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropStreamConnectionsTable(q, S);
    await dropRateLimitTable(q, S);
    await dropAuditLogTable(q, S);
  }
}
