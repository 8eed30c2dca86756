import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * Formula versions. `indicator_versions` holds every definition an indicator has had, each from its
 * `effective_from`; a figure for a period is built with the version in force on the period's last day.
 * `indicators` stays the latest version (the row reports reference and the catalogue lists).
 *
 * Convention: an indicator's first version has `effective_from = '-infinity'` (PostgreSQL dates accept
 * it): the first definition also governs periods before anyone catalogued the indicator, so there is
 * never a date with no definition. The backfill gives every existing indicator that first version.
 *
 * `deleted_indicators` remembers codes deleted through the API, so the seed loader does not bring a
 * seeded indicator back at the next start.
 */
export class IndicatorVersions1764320000000 implements MigrationInterface {
  name = 'IndicatorVersions1764320000000';

  async up(q: QueryRunner): Promise<void> {
    // Deferred: the seed loader and the API write the version first and then derive the `indicators`
    // row from the latest version, in one transaction.
    await q.query(`
      CREATE TABLE "${S}".indicator_versions (
        code           text        NOT NULL REFERENCES "${S}".indicators(code) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        effective_from date        NOT NULL CHECK (effective_from < 'infinity'),
        definition     jsonb       NOT NULL CHECK (definition->>'code' = code),
        created_at     timestamptz NOT NULL DEFAULT now(),
        created_by     text        NULL,
        PRIMARY KEY (code, effective_from)
      )`);
    await q.query(`
      INSERT INTO "${S}".indicator_versions (code, effective_from, definition, created_at, created_by)
      SELECT code, '-infinity', definition, updated_at, 'backfill' FROM "${S}".indicators`);

    await q.query(`
      CREATE TABLE "${S}".deleted_indicators (
        code       text        PRIMARY KEY,
        deleted_at timestamptz NOT NULL DEFAULT now(),
        deleted_by text        NULL
      )`);

    // The history of a cell (GET /v1/indicator-values/history) reads its reports in (reported_at, id)
    // order; the index also serves the indicator_code foreign key when an indicator is deleted.
    await q.query(`
      CREATE INDEX indicator_reports_cell_history_idx
      ON "${S}".indicator_reports (indicator_code, org_unit_id, period, reported_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "${S}".indicator_reports_cell_history_idx`);
    await q.query(`DROP TABLE "${S}".deleted_indicators`);
    await q.query(`DROP TABLE "${S}".indicator_versions`);
  }
}
