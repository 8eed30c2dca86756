import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * A reporting agency's returned values, read by its reporters to correct them (GET
 * /v1/indicator-values/returned): few rows among all values, found through a partial index in the list's order.
 */
export class ReturnedValuesIndex1765400000000 implements MigrationInterface {
  name = 'ReturnedValuesIndex1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX indicator_values_returned_idx ON "${S}".indicator_values (indicator_code, period, org_unit_id)
        WHERE approval_status = 'returned'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "${S}".indicator_values_returned_idx`);
  }
}
