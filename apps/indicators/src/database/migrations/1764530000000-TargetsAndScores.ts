import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * Targets and scores (apps/indicators/src/targets): each aggregate's standing against its target path,
 * the DTI-style scores of each org unit and year built from them, and the weighting frameworks the
 * scores follow (seeds/dti-framework.json, loaded at start so every score names the version it used).
 */
export class TargetsAndScores1764530000000 implements MigrationInterface {
  name = 'TargetsAndScores1764530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".aggregate_targets (
        indicator_code    text        NOT NULL,
        org_unit_id       int         NOT NULL REFERENCES "${S}".org_units(id),
        period            text        NOT NULL,
        period_type       text        NOT NULL,
        sub_index         text        NULL,
        value             numeric     NOT NULL,
        target            numeric     NOT NULL,
        target_year       int         NOT NULL,
        comparator        text        NOT NULL,
        tolerance         numeric     NOT NULL,
        achievement       numeric     NOT NULL,
        status            text        NOT NULL CHECK (status IN ('on-track', 'within-tolerance', 'off-track')),
        aggregate_version bigint      NOT NULL,
        status_since      timestamptz NOT NULL DEFAULT now(),
        evaluated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (indicator_code, org_unit_id, period)
      )`);
    // Scores read an org unit's yearly achievements together.
    await q.query(`
      CREATE INDEX aggregate_targets_yearly_idx ON "${S}".aggregate_targets (org_unit_id, period)
        WHERE period_type = 'YEARLY'`);
    await q.query(`
      CREATE TABLE "${S}".dti_frameworks (
        framework  text        PRIMARY KEY,
        definition jsonb       NOT NULL CHECK (definition->>'framework' = framework),
        loaded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per org unit and period: the overall figures as columns, every part (index, pillar, overall) in parts.
    await q.query(`
      CREATE TABLE "${S}".org_unit_scores (
        org_unit_id     int         NOT NULL REFERENCES "${S}".org_units(id),
        period          text        NOT NULL,
        framework       text        NOT NULL REFERENCES "${S}".dti_frameworks(framework),
        points_inferred boolean     NOT NULL,
        score           numeric     NULL,
        points          numeric     NULL,
        coverage        numeric     NOT NULL,
        parts           jsonb       NOT NULL,
        version         bigint      NOT NULL DEFAULT 1,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_unit_id, period)
      )`);
    // (org unit, year) pairs whose scores a write made stale. Append-only, without a unique key, so
    // concurrent intake batches touching the same province and year never wait on each other here; the
    // score job takes them out in order and recomputes each pair once.
    await q.query(`
      CREATE TABLE "${S}".score_refresh_queue (
        id          bigserial   PRIMARY KEY,
        org_unit_id int         NOT NULL,
        period      text        NOT NULL,
        queued_at   timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".score_refresh_queue`);
    await q.query(`DROP TABLE "${S}".org_unit_scores`);
    await q.query(`DROP TABLE "${S}".dti_frameworks`);
    await q.query(`DROP TABLE "${S}".aggregate_targets`);
  }
}
