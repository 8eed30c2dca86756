import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REPORTING_SCHEMA as S } from '../reporting-schema';

/**
 * Approved-only figures as `dx.indicator-aggregate.approved` tells them: what open data publishes. Kept
 * apart from `aggregates` (all values, pending included), which the dashboard and scorecards follow live.
 */
export class ApprovedAggregates1764600000000 implements MigrationInterface {
  name = 'ApprovedAggregates1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}".approved_aggregates (LIKE "${S}".aggregates INCLUDING ALL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".approved_aggregates`);
  }
}
