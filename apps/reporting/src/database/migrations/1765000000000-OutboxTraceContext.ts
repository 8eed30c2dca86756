import { addOutboxTraceContextV4, dropOutboxTraceContextV4 } from '@dxhub/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REPORTING_SCHEMA as S } from '../reporting-schema';

/** Each outbox row keeps the trace context of the transaction that wrote it; the relay publishes in that trace. */
export class OutboxTraceContext1765000000000 implements MigrationInterface {
  name = 'OutboxTraceContext1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await addOutboxTraceContextV4(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxTraceContextV4(q, S);
  }
}
