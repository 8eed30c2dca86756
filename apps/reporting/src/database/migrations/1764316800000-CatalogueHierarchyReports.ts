import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REPORTING_SCHEMA as S } from '../reporting-schema';

/**
 * The catalogue and the hierarchy as read models of `dx.indicator.defined` and `dx.org-unit.defined`, and
 * the frozen period reports. The read models are rebuilt by `npm run replay:reporting`; reports are not a
 * read model (they are frozen snapshots, published as `dx.report.published`).
 */
export class CatalogueHierarchyReports1764316800000 implements MigrationInterface {
  name = 'CatalogueHierarchyReports1764316800000';

  async up(q: QueryRunner): Promise<void> {
    // effective_from '' is the first version (null in the event): a primary key cannot hold a null.
    await q.query(`
      CREATE TABLE "${S}".indicator_versions (
        code           text        NOT NULL,
        effective_from text        NOT NULL,
        definition     jsonb       NOT NULL,
        active         boolean     NOT NULL,
        revision       int         NOT NULL,
        published_at   timestamptz NOT NULL,
        event_id       text        NOT NULL,
        PRIMARY KEY (code, effective_from)
      )`);
    await q.query(`
      CREATE TABLE "${S}".org_unit_versions (
        code         text        NOT NULL,
        valid_from   text        NOT NULL,
        valid_to     text        NULL,
        name_vi      text        NOT NULL,
        type         text        NOT NULL,
        level        int         NOT NULL,
        parents      jsonb       NOT NULL,
        published_at timestamptz NOT NULL,
        event_id     text        NOT NULL,
        PRIMARY KEY (code, valid_from)
      )`);
    await q.query(`
      CREATE TABLE "${S}".reports (
        id            text        PRIMARY KEY,
        kind          text        NOT NULL,
        period        text        NOT NULL,
        org_unit_code text        NOT NULL,
        window_start  date        NOT NULL,
        window_end    date        NOT NULL,
        generated_at  timestamptz NOT NULL,
        trigger       text        NOT NULL,
        snapshot      jsonb       NOT NULL
      )`);
    // One scheduled report per period and unit, however many replicas run the schedule.
    await q.query(
      `CREATE UNIQUE INDEX reports_scheduled_once ON "${S}".reports (kind, period, org_unit_code) WHERE trigger = 'scheduled'`,
    );
    await q.query(`CREATE INDEX reports_by_time ON "${S}".reports (generated_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".reports`);
    await q.query(`DROP TABLE "${S}".org_unit_versions`);
    await q.query(`DROP TABLE "${S}".indicator_versions`);
  }
}
