import { createInboxTableV1, createOutboxTableV1, dropInboxTableV1, dropOutboxTableV1 } from '@dxhub/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { NOTIFICATIONS_SCHEMA as S } from '../notifications-schema';

/** The notifications schema with its messaging tables; the feature tables come with the features. */
export class CreateNotificationsSchema1764230400000 implements MigrationInterface {
  name = 'CreateNotificationsSchema1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await createOutboxTableV1(q, S);
    await createInboxTableV1(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropInboxTableV1(q, S);
    await dropOutboxTableV1(q, S);
  }
}
