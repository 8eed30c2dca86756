import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * Aggregates whose standing against the target path is due: the write path queues the keys in its
 * transaction (a narrow insert), and the target evaluation job judges them from the committed aggregates
 * shortly after, out of the intake's transaction — the path from a report to its province aggregate does
 * not wait for the judgement.
 */
export class TargetEvaluationQueue1764590000000 implements MigrationInterface {
  name = 'TargetEvaluationQueue1764590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".target_evaluation_queue (
        indicator_code text NOT NULL,
        org_unit_id    int  NOT NULL,
        period         text NOT NULL,
        PRIMARY KEY (indicator_code, org_unit_id, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".target_evaluation_queue`);
  }
}
