import { createRateLimitTable, dropRateLimitTable } from '@dxhub/auth';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TASKS_SCHEMA as S } from '../tasks-schema';

/**
 * The request counts the rate limits read (libs/auth PostgresRateLimiter): shared by every replica.
 */
export class RateLimits1764900000000 implements MigrationInterface {
  name = 'RateLimits1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await createRateLimitTable(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropRateLimitTable(q, S);
  }
}
