import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * Scores for every period type with standings (months, quarters, half-years, years), not only years: the score
 * refresh reads an org unit's achievements of any period together, so the index on them covers every period type,
 * and the (org unit, period) pairs that already have standings of a shorter period are queued once to be scored.
 *
 * The reporting service projects `dx.dti-score.updated` from this release on, but its consumer skipped the ones
 * published before: every stored score is queued too, its parts emptied so that the refresh finds it changed and
 * publishes it again under a new (higher) version, which a replay of the topic keeps as well.
 */
export class ScoresForEveryPeriod1765200000000 implements MigrationInterface {
  name = 'ScoresForEveryPeriod1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX aggregate_targets_unit_period_idx ON "${S}".aggregate_targets (org_unit_id, period)`);
    await q.query(`DROP INDEX "${S}".aggregate_targets_yearly_idx`);
    await q.query(`UPDATE "${S}".org_unit_scores SET parts = '[]'::jsonb`);
    await q.query(`
      INSERT INTO "${S}".score_refresh_queue (org_unit_id, period)
      SELECT org_unit_id, period FROM "${S}".aggregate_targets WHERE period_type <> 'YEARLY'
      UNION
      SELECT org_unit_id, period FROM "${S}".org_unit_scores`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Before this migration only years were scored (a DHIS2 year is four digits).
    await q.query(`DELETE FROM "${S}".score_refresh_queue WHERE period !~ '^[0-9]{4}$'`);
    await q.query(`DELETE FROM "${S}".org_unit_scores WHERE period !~ '^[0-9]{4}$'`);
    await q.query(`
      CREATE INDEX aggregate_targets_yearly_idx ON "${S}".aggregate_targets (org_unit_id, period)
        WHERE period_type = 'YEARLY'`);
    await q.query(`DROP INDEX "${S}".aggregate_targets_unit_period_idx`);
  }
}
