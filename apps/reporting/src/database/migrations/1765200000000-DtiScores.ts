import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REPORTING_SCHEMA as S } from '../reporting-schema';

/**
 * The DTI-style scores as `dx.dti-score.updated` tells them (the indicators service computes them, for every period
 * type): one row per org unit and period, the highest `version` kept. Scorecards and league tables read them.
 */
export class DtiScores1765200000000 implements MigrationInterface {
  name = 'DtiScores1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".dti_scores (
        org_unit_code   text        NOT NULL,
        period          text        NOT NULL,
        org_unit_name   text        NOT NULL,
        framework       text        NOT NULL,
        decision        text        NOT NULL,
        points_inferred boolean     NOT NULL,
        points          numeric     NULL,
        coverage        numeric     NOT NULL,
        parts           jsonb       NOT NULL,
        version         bigint      NOT NULL,
        updated_at      timestamptz NOT NULL,
        event_id        text        NOT NULL,
        PRIMARY KEY (org_unit_code, period)
      )`);
    // League tables read one period's scores for many units.
    await q.query(`CREATE INDEX dti_scores_period_idx ON "${S}".dti_scores (period)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".dti_scores`);
  }
}
