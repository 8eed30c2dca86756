import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * Roll-up over time by differences. `indicator_unit_rollups` holds each reporting org unit's figure for a
 * coarser period (its values in the sub-periods, by the indicator's rule over time), so a new value moves
 * the coarser aggregates by the change in one unit's figure instead of recomputing them from every value.
 * `unit_count` is the number of reporting units an aggregate covers (the divisor of an AVERAGE over org
 * units; for a reported period it equals `value_count`). `aggregation` and `factor` are the rule over org
 * units the row's figure follows (the one in force for its period), so a move sets the figure as it
 * moves the sums.
 *
 * Coarser-period rows written before this migration carry no unit figures: `npm run recompute:indicators`
 * rebuilds both from the stored values (and reports what it repaired).
 */
export class UnitRollups1764330000000 implements MigrationInterface {
  name = 'UnitRollups1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "${S}".indicator_aggregates
        ADD COLUMN unit_count bigint NOT NULL DEFAULT 0, ADD COLUMN aggregation text NULL, ADD COLUMN factor numeric NULL`);
    await q.query(`
      UPDATE "${S}".indicator_aggregates a SET aggregation = i.org_unit_aggregation, factor = i.factor
      FROM "${S}".indicators i WHERE i.code = a.indicator_code`);
    await q.query(`
      UPDATE "${S}".indicator_aggregates a SET unit_count = a.value_count
      FROM "${S}".indicators i WHERE i.code = a.indicator_code AND i.period_type = a.period_type`);
    // anchor_end: the last day of the latest sub-period the unit reported; the unit counts toward the
    // org units above it on that day.
    await q.query(`
      CREATE TABLE "${S}".indicator_unit_rollups (
        indicator_code text    NOT NULL,
        org_unit_id    int     NOT NULL REFERENCES "${S}".org_units(id),
        period         text    NOT NULL,
        period_type    text    NOT NULL,
        period_end     date    NOT NULL,
        anchor_end     date    NOT NULL,
        report_count   int     NOT NULL,
        value          numeric NULL,
        numerator      numeric NULL,
        denominator    numeric NULL,
        PRIMARY KEY (indicator_code, org_unit_id, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".indicator_unit_rollups`);
    await q.query(
      `ALTER TABLE "${S}".indicator_aggregates DROP COLUMN unit_count, DROP COLUMN aggregation, DROP COLUMN factor`,
    );
  }
}
