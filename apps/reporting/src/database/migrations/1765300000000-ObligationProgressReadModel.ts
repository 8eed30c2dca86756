import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REPORTING_SCHEMA as S } from '../reporting-schema';

/**
 * The report counts of each obligation period as dx.obligation.progress-updated tells them (the indicators
 * service's completeness and timeliness): what agency performance sums per owing agency.
 */
export class ObligationProgressReadModel1765300000000 implements MigrationInterface {
  name = 'ObligationProgressReadModel1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".obligation_progress (
        obligation_code  text        NOT NULL,
        period           text        NOT NULL,
        name_vi          text        NOT NULL,
        name_en          text        NOT NULL,
        agency           text        NOT NULL,
        declared_agency  text        NOT NULL,
        period_type      text        NOT NULL,
        due_date         date        NOT NULL,
        expected_reports int         NOT NULL,
        received_reports int         NOT NULL,
        on_time_reports  int         NOT NULL,
        version          int         NOT NULL,
        updated_at       timestamptz NOT NULL,
        event_id         text        NOT NULL,
        PRIMARY KEY (obligation_code, period)
      )`);
    await q.query(`CREATE INDEX obligation_progress_period_idx ON "${S}".obligation_progress (period)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".obligation_progress`);
  }
}
