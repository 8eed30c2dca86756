import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REPORTING_SCHEMA as S } from '../reporting-schema';

/**
 * Standings of aggregates against their target paths as `dx.indicator-standings.updated` tells them: the
 * indicators service's judgement, which the scorecard shows. A removal stays as a row (`removed`, no judgement):
 * a tombstone that keeps an older standing arriving late from coming back. Rows move forward only, by
 * (aggregate_version, evaluated_at, event_id).
 */
export class AggregateStandings1765100000000 implements MigrationInterface {
  name = 'AggregateStandings1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".aggregate_standings (
        indicator_code    text        NOT NULL,
        org_unit_code     text        NOT NULL,
        period            text        NOT NULL,
        org_unit_name     text        NOT NULL,
        aggregate_version bigint      NOT NULL,
        removed           boolean     NOT NULL,
        value             numeric     NULL,
        target            numeric     NULL,
        target_year       int         NULL,
        comparator        text        NULL,
        tolerance         numeric     NULL,
        achievement       numeric     NULL,
        status            text        NULL,
        evaluated_at      timestamptz NOT NULL,
        event_id          text        NOT NULL,
        PRIMARY KEY (indicator_code, org_unit_code, period),
        CHECK (removed = (status IS NULL))
      )`);
    await q.query(`CREATE INDEX aggregate_standings_period ON "${S}".aggregate_standings (period, org_unit_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".aggregate_standings`);
  }
}
