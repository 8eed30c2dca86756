import { createInboxTableV1, createOutboxTableV1, dropInboxTableV1, dropOutboxTableV1 } from '@dxhub/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REPORTING_SCHEMA as S } from '../reporting-schema';

/** Read models built from dx.indicators.events (rebuildable by replaying the topic). */
export class CreateReportingSchema1764230400000 implements MigrationInterface {
  name = 'CreateReportingSchema1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".aggregates (
        indicator_code text        NOT NULL,
        org_unit_code  text        NOT NULL,
        period         text        NOT NULL,
        org_unit_name  text        NOT NULL,
        aggregation    text        NOT NULL,
        value          numeric     NULL,
        numerator      numeric     NULL,
        denominator    numeric     NULL,
        value_count    int         NOT NULL,
        version        bigint      NOT NULL,
        updated_at     timestamptz NOT NULL,
        event_id       text        NOT NULL,
        PRIMARY KEY (indicator_code, org_unit_code, period)
      )`);
    await createOutboxTableV1(q, S);
    await createInboxTableV1(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropInboxTableV1(q, S);
    await dropOutboxTableV1(q, S);
    await q.query(`DROP TABLE "${S}".aggregates`);
  }
}
