import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * The approved-only figure last published per aggregate (`dx.indicator-aggregate.approved`), with its own
 * version: a change of approval state publishes only the figures it changed.
 */
export class ApprovedFigures1764560000000 implements MigrationInterface {
  name = 'ApprovedFigures1764560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".approved_figures (
        indicator_code  text        NOT NULL,
        org_unit_id     int         NOT NULL REFERENCES "${S}".org_units(id),
        period          text        NOT NULL,
        value           numeric     NULL,
        numerator_sum   numeric     NOT NULL,
        denominator_sum numeric     NOT NULL,
        value_count     bigint      NOT NULL,
        version         bigint      NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (indicator_code, org_unit_id, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".approved_figures`);
  }
}
