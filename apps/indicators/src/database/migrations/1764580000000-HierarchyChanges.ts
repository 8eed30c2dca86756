import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * Values whose place in the hierarchy a seeds change moved (a unit re-parented for the period's end), queued
 * in the transaction that rebuilt the hierarchy and worked off in the one that recomputes their aggregates
 * and puts their approvals back to pending — so a crash between the two loses nothing.
 */
export class HierarchyChanges1764580000000 implements MigrationInterface {
  name = 'HierarchyChanges1764580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".pending_hierarchy_changes (
        indicator_code       text  NOT NULL,
        org_unit_id          int   NOT NULL,
        period               text  NOT NULL,
        -- The unit's ancestors on the period's end before the change: their figures lose the value.
        former_ancestor_ids  int[] NOT NULL,
        reason               text  NOT NULL,
        PRIMARY KEY (indicator_code, org_unit_id, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".pending_hierarchy_changes`);
  }
}
