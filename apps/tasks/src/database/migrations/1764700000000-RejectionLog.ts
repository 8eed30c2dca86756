import { createRejectedEventsTableV1, dropRejectedEventsTableV1 } from '@dxhub/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TASKS_SCHEMA as S } from '../tasks-schema';

/** The rejection log the inbound pipeline writes (libs/messaging): every event the service refused, with why. */
export class RejectionLog1764700000000 implements MigrationInterface {
  name = 'RejectionLog1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await createRejectedEventsTableV1(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropRejectedEventsTableV1(q, S);
  }
}
