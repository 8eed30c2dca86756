import { addOutboxFanOutV2, dropOutboxFanOutV2 } from '@dxhub/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/** A batch's aggregate events go to the outbox as one fan-out row (the relay publishes each one). */
export class OutboxFanOut1764410000000 implements MigrationInterface {
  name = 'OutboxFanOut1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await addOutboxFanOutV2(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxFanOutV2(q, S);
  }
}
