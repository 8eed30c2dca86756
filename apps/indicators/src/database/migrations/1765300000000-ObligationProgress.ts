import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * The report counts of each obligation period as last published (`dx.obligation.progress-updated`, one version
 * per change), and the queue of (indicator, period) pairs whose obligation periods are to be recounted: the
 * aggregate writers add the pairs they moved in their transaction, the obligation scheduler the periods it opens,
 * an obligation's definition the periods with reports. The queue has no key on purpose: a pair queued by a
 * transaction that has not committed yet is a row of its own, never merged into one a job is taking, so every
 * report is recounted after it committed. The queue starts with what exists: every reported (indicator, period)
 * and every period the scheduler opened, so the first run publishes the counts known so far.
 */
export class ObligationProgress1765300000000 implements MigrationInterface {
  name = 'ObligationProgress1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".obligation_progress (
        obligation_code  text        NOT NULL,
        period           text        NOT NULL,
        agency           text        NOT NULL,
        due_date         date        NOT NULL,
        expected_reports int         NOT NULL,
        received_reports int         NOT NULL,
        on_time_reports  int         NOT NULL,
        version          int         NOT NULL,
        updated_at       timestamptz NOT NULL,
        PRIMARY KEY (obligation_code, period)
      )`);
    await q.query(`
      CREATE TABLE "${S}".obligation_progress_queue (
        id             bigserial PRIMARY KEY,
        indicator_code text      NOT NULL,
        period         text      NOT NULL
      )`);
    await q.query(`
      INSERT INTO "${S}".obligation_progress_queue (indicator_code, period)
      SELECT DISTINCT indicator_code, period FROM "${S}".indicator_reports
      UNION
      SELECT DISTINCT unnest(o.indicator_codes), e.period
      FROM "${S}".obligation_events_emitted e JOIN "${S}".obligations o ON o.code = e.obligation_code
      WHERE e.kind = 'opened'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".obligation_progress_queue`);
    await q.query(`DROP TABLE "${S}".obligation_progress`);
  }
}
