import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * What the service last published of its reference data (indicator versions, org-unit versions), so
 * it publishes a `dx.indicator.defined` or `dx.org-unit.defined` only when something changed.
 */
export class PublishedReference1764420000000 implements MigrationInterface {
  name = 'PublishedReference1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".published_reference (
        kind         text        NOT NULL CHECK (kind IN ('indicator', 'org-unit')),
        key          text        NOT NULL,
        code         text        NOT NULL,
        content      jsonb       NOT NULL,
        revision     int         NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".published_reference`);
  }
}
