import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INDICATORS_SCHEMA as S } from '../indicators-schema';

/**
 * The tables updated row by row over and over: the current values, unit figures and aggregates (every intake
 * transaction) and the aggregates' standings (every target evaluation).
 */
const UPDATED_IN_PLACE = ['indicator_values', 'indicator_unit_rollups', 'indicator_aggregates', 'aggregate_targets'];

/**
 * Pages of these tables keep 30 % free, so that an update can put the new row version on the row's own page
 * (a heap-only tuple: no new index entries). Full pages sent every update of a freshly written aggregate to
 * another page, with an entry in each of its indexes. The roll-up over time of 5,000 reports, measured
 * alone on two copies of a bench database alternately: 1,010-1,220 ms of
 * PostgreSQL CPU at fillfactor 100, 760-880 ms at 70; the standings of 3,000 judged aggregates: 91-94 ms
 * of upsert at 100 (37 % of a bench run's standing updates were heap-only), 58-70 ms at 70. Pages written
 * before this migration fill up as before until VACUUM FULL rewrites them.
 */
export class RoomForUpdatesInPlace1764620000000 implements MigrationInterface {
  name = 'RoomForUpdatesInPlace1764620000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of UPDATED_IN_PLACE) await q.query(`ALTER TABLE "${S}".${table} SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of UPDATED_IN_PLACE) await q.query(`ALTER TABLE "${S}".${table} RESET (fillfactor)`);
  }
}
