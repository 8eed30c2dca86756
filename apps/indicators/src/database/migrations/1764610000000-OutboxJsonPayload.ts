import { outboxPayloadAsJsonbV3, outboxPayloadAsJsonV3 } from '@dxhub/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * The outbox's payload as json, stored uncompressed: the intake writes a fan-out row of thousands of
 * aggregate events per transaction, built by PostgreSQL in the statement that moves the aggregates.
 */
export class OutboxJsonPayload1764610000000 implements MigrationInterface {
  name = 'OutboxJsonPayload1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await outboxPayloadAsJsonV3(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await outboxPayloadAsJsonbV3(q, S);
  }
}
