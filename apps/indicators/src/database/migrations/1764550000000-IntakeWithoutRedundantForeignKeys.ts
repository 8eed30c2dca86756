import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/** The foreign keys the intake's tables no longer carry: [table, column, referenced table]. */
const DROPPED: [string, string, string][] = [
  ['indicator_reports', 'org_unit_id', 'org_units'],
  ['indicator_values', 'org_unit_id', 'org_units'],
  ['indicator_values', 'report_id', 'indicator_reports'],
  ['indicator_aggregates', 'org_unit_id', 'org_units'],
  ['indicator_unit_rollups', 'org_unit_id', 'org_units'],
];

/**
 * The intake writes five rows per report on average, and each of these foreign keys cost a lookup per
 * row written (about a quarter of the intake's time in PostgreSQL). None of them guards anything: org
 * units are never deleted (a reorganisation closes their validity), an org unit id reaches these tables
 * only from the catalogue's check of the report or from org_unit_closure (which keeps its keys), and a
 * value's report is inserted in the same transaction and never deleted. The key from indicator_reports
 * to indicators stays: deleting an indicator relies on it (IndicatorsService.remove).
 */
export class IntakeWithoutRedundantForeignKeys1764550000000 implements MigrationInterface {
  name = 'IntakeWithoutRedundantForeignKeys1764550000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column] of DROPPED) {
      await q.query(`ALTER TABLE "${S}".${table} DROP CONSTRAINT ${table}_${column}_fkey`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column, referenced] of DROPPED) {
      await q.query(
        `ALTER TABLE "${S}".${table} ADD CONSTRAINT ${table}_${column}_fkey FOREIGN KEY (${column}) REFERENCES "${S}".${referenced}(id)`,
      );
    }
  }
}
