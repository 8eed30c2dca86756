import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * The standings stored before `dx.indicator-standings.updated` existed were never published, so reporting, which
 * now shows the indicators service's standings instead of judging figures itself, would show their lines as
 * awaiting judgement until their aggregates move. Queueing every stored standing's aggregate for judgement makes the
 * target evaluation job judge them again from the committed aggregates (the same standing, unless a definition
 * changed since) and publish them, shortly after the first start. Nothing to undo: the queue drains itself.
 */
export class PublishStoredStandings1765100000100 implements MigrationInterface {
  name = 'PublishStoredStandings1765100000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO "${S}".target_evaluation_queue (indicator_code, org_unit_id, period)
      SELECT indicator_code, org_unit_id, period FROM "${S}".aggregate_targets
      ORDER BY 1, 2, 3
      ON CONFLICT DO NOTHING`);
  }

  async down(): Promise<void> {
    // The queued keys are judged and taken off the queue by the job; there is nothing to take back.
  }
}
