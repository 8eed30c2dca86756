import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * Reporting obligations (DHIS2's data sets): which agency reports which indicators for which org units, per
 * period, by which day; and the obligation events already emitted, so each fires once per obligation, period and
 * kind across scheduler runs, replicas and restarts.
 */
export class ReportingObligations1764510000000 implements MigrationInterface {
  name = 'ReportingObligations1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".obligations (
        code             text        PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,63}$'),
        name_vi          text        NOT NULL,
        name_en          text        NOT NULL,
        agency_code      text        NOT NULL,
        period_type      text        NOT NULL CHECK (period_type IN ('MONTHLY', 'QUARTERLY', 'SIX_MONTHLY', 'YEARLY')),
        indicator_codes  text[]      NOT NULL CHECK (cardinality(indicator_codes) > 0),
        org_unit_codes   text[]      NOT NULL CHECK (cardinality(org_unit_codes) > 0),
        coverage         text        NOT NULL CHECK (coverage IN ('UNIT', 'CHILDREN', 'UNIT_AND_CHILDREN')),
        due_anchor       text        NOT NULL CHECK (due_anchor IN ('PERIOD_END', 'CUT_OFF')),
        due_working_days int         NOT NULL CHECK (due_working_days BETWEEN 0 AND 120),
        valid_from       date        NULL,
        valid_to         date        NULL CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from),
        origin           text        NOT NULL CHECK (origin IN ('seed', 'api')),
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "${S}".obligation_events_emitted (
        obligation_code text        NOT NULL REFERENCES "${S}".obligations(code) ON DELETE CASCADE,
        period          text        NOT NULL,
        kind            text        NOT NULL CHECK (kind IN ('opened', 'due-soon', 'overdue')),
        event_id        text        NOT NULL,
        emitted_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (obligation_code, period, kind)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".obligation_events_emitted`);
    await q.query(`DROP TABLE "${S}".obligations`);
  }
}
