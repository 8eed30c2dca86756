import { createInboxTableV1, createOutboxTableV1, dropInboxTableV1, dropOutboxTableV1 } from '@dxhub/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * Catalogue (agencies, org units, indicators), intake (reports, current values) and aggregates.
 * Org units and agencies are versioned by validity range: a code may be reused by a later unit
 * (82 is Tiền Giang until 2025-06-30 and the new Đồng Tháp after), so identity is (code, validity).
 */
export class CreateIndicatorsSchema1764230400000 implements MigrationInterface {
  name = 'CreateIndicatorsSchema1764230400000';

  async up(q: QueryRunner): Promise<void> {
    // btree_gist lets an exclusion constraint say "no two versions of one code overlap in time".
    await q.query('CREATE EXTENSION IF NOT EXISTS btree_gist');

    await q.query(`
      CREATE TABLE "${S}".agencies (
        id            serial PRIMARY KEY,
        code          text      NOT NULL CHECK (code ~ '^[A-Z0-9]{2,32}$'),
        name_vi       text      NOT NULL,
        name_en       text      NOT NULL,
        kind          text      NOT NULL,
        org_unit_code text      NULL,
        validity      daterange NOT NULL CHECK (NOT isempty(validity)),
        source        text      NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        EXCLUDE USING gist (code WITH =, validity WITH &&)
      )`);
    await q.query(`
      CREATE TABLE "${S}".agency_successions (
        predecessor_code text NOT NULL,
        successor_code   text NOT NULL,
        effective_from   date NOT NULL,
        PRIMARY KEY (predecessor_code, successor_code)
      )`);

    await q.query(`
      CREATE TABLE "${S}".org_units (
        id       serial PRIMARY KEY,
        code     text      NOT NULL,
        name_vi  text      NOT NULL,
        type     text      NOT NULL,
        level    smallint  NOT NULL,
        validity daterange NOT NULL CHECK (NOT isempty(validity)),
        EXCLUDE USING gist (code WITH =, validity WITH &&)
      )`);
    // Parent links are versioned too: a commune keeps its row when its district changes version.
    await q.query(`
      CREATE TABLE "${S}".org_unit_edges (
        child_id  int       NOT NULL REFERENCES "${S}".org_units(id),
        parent_id int       NOT NULL REFERENCES "${S}".org_units(id),
        validity  daterange NOT NULL CHECK (NOT isempty(validity)),
        EXCLUDE USING gist (child_id WITH =, validity WITH &&)
      )`);
    // Every (ancestor, descendant) pair with the dates it holds, self included at depth 0.
    await q.query(`
      CREATE TABLE "${S}".org_unit_closure (
        ancestor_id   int       NOT NULL REFERENCES "${S}".org_units(id),
        descendant_id int       NOT NULL REFERENCES "${S}".org_units(id),
        depth         smallint  NOT NULL,
        validity      daterange NOT NULL
      )`);
    await q.query(
      `CREATE INDEX org_unit_closure_descendant_idx ON "${S}".org_unit_closure USING gist (descendant_id, validity)`,
    );
    await q.query(`CREATE INDEX org_unit_closure_ancestor_idx ON "${S}".org_unit_closure (ancestor_id)`);
    await q.query(`
      CREATE TABLE "${S}".org_unit_mappings (
        old_id     int  NOT NULL REFERENCES "${S}".org_units(id),
        new_id     int  NOT NULL REFERENCES "${S}".org_units(id),
        share_note text NOT NULL,
        PRIMARY KEY (old_id, new_id)
      )`);

    await q.query(`
      CREATE TABLE "${S}".indicators (
        code                 text PRIMARY KEY,
        name_vi              text    NOT NULL,
        name_en              text    NOT NULL,
        unit                 text    NOT NULL,
        pillar               text    NOT NULL,
        sub_index            text    NULL,
        aggregation          text    NOT NULL,
        org_unit_aggregation text    NOT NULL,
        period_type          text    NOT NULL,
        factor               numeric NULL,
        bounds_min           numeric NULL,
        bounds_max           numeric NULL,
        responsible_agency   text    NULL,
        definition           jsonb   NOT NULL,
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);

    // Every accepted report, append-only: the history, and the raw values aggregates are recomputed from.
    await q.query(`
      CREATE TABLE "${S}".indicator_reports (
        id             bigserial PRIMARY KEY,
        event_source   text        NOT NULL,
        event_id       text        NOT NULL,
        agency_code    text        NOT NULL,
        indicator_code text        NOT NULL REFERENCES "${S}".indicators(code),
        org_unit_id    int         NOT NULL REFERENCES "${S}".org_units(id),
        period         text        NOT NULL,
        value          numeric     NULL,
        numerator      numeric     NULL,
        denominator    numeric     NULL,
        reported_at    timestamptz NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now(),
        topic          text        NOT NULL,
        UNIQUE (event_source, event_id)
      )`);
    // The value that counts per cell: the latest report by (reported_at, report id).
    await q.query(`
      CREATE TABLE "${S}".indicator_values (
        indicator_code text        NOT NULL,
        org_unit_id    int         NOT NULL REFERENCES "${S}".org_units(id),
        period         text        NOT NULL,
        period_end     date        NOT NULL,
        value          numeric     NULL,
        numerator      numeric     NULL,
        denominator    numeric     NULL,
        reported_at    timestamptz NOT NULL,
        report_id      bigint      NOT NULL REFERENCES "${S}".indicator_reports(id),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (indicator_code, org_unit_id, period)
      )`);
    // Additive state per (indicator, org unit, period): the org unit's own and its descendants' values.
    await q.query(`
      CREATE TABLE "${S}".indicator_aggregates (
        indicator_code  text        NOT NULL,
        org_unit_id     int         NOT NULL REFERENCES "${S}".org_units(id),
        period          text        NOT NULL,
        value_sum       numeric     NOT NULL DEFAULT 0,
        value_count     bigint      NOT NULL DEFAULT 0,
        numerator_sum   numeric     NOT NULL DEFAULT 0,
        denominator_sum numeric     NOT NULL DEFAULT 0,
        value_min       numeric     NULL,
        value_max       numeric     NULL,
        version         bigint      NOT NULL DEFAULT 1,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (indicator_code, org_unit_id, period)
      )`);

    await createOutboxTableV1(q, S);
    await createInboxTableV1(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropInboxTableV1(q, S);
    await dropOutboxTableV1(q, S);
    for (const table of [
      'indicator_aggregates',
      'indicator_values',
      'indicator_reports',
      'indicators',
      'org_unit_mappings',
      'org_unit_closure',
      'org_unit_edges',
      'org_units',
      'agency_successions',
      'agencies',
    ]) {
      await q.query(`DROP TABLE "${S}".${table}`);
    }
  }
}
