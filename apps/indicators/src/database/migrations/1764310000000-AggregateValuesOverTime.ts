import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * Aggregates over time: each aggregate row knows its period type, and stores its value (the rule over
 * org units for the reported period type, the rule over time for the coarser ones).
 */
export class AggregateValuesOverTime1764310000000 implements MigrationInterface {
  name = 'AggregateValuesOverTime1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}".indicator_aggregates ADD COLUMN period_type text, ADD COLUMN value numeric NULL`);
    await q.query(`
      UPDATE "${S}".indicator_aggregates SET period_type = CASE
        WHEN period ~ '^\\d{4}$' THEN 'YEARLY'
        WHEN period ~ '^\\d{4}S[12]$' THEN 'SIX_MONTHLY'
        WHEN period ~ '^\\d{4}Q[1-4]$' THEN 'QUARTERLY'
        ELSE 'MONTHLY' END`);
    await q.query(`
      UPDATE "${S}".indicator_aggregates a SET value = CASE i.org_unit_aggregation
        WHEN 'SUM'     THEN a.value_sum
        WHEN 'AVERAGE' THEN round(a.value_sum / NULLIF(a.value_count, 0), 10)
        WHEN 'RATIO'   THEN round(a.numerator_sum * i.factor / NULLIF(a.denominator_sum, 0), 10)
        WHEN 'MIN'     THEN a.value_min
        WHEN 'MAX'     THEN a.value_max END
      FROM "${S}".indicators i WHERE i.code = a.indicator_code`);
    await q.query(`ALTER TABLE "${S}".indicator_aggregates ALTER COLUMN period_type SET NOT NULL`);
    await q.query(
      `CREATE INDEX indicator_aggregates_by_type_idx ON "${S}".indicator_aggregates (indicator_code, org_unit_id, period_type, period)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "${S}".indicator_aggregates_by_type_idx`);
    await q.query(`ALTER TABLE "${S}".indicator_aggregates DROP COLUMN value, DROP COLUMN period_type`);
  }
}
