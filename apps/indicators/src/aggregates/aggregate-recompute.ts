import type { DataSource, EntityManager } from 'typeorm';
import { type AggregateDrift, findAggregateDrift } from './aggregate-drift';
import type { RulesFor } from './aggregation-rules';
import { type AggregateKey, lockIndicators, publishAggregates, rollUpOverTime, settleReportedPeriods } from './aggregate-writer';

export interface RecomputeReport {
  /** Reported-period aggregates whose sums differed from the values, with both states. */
  reportedPeriods: AggregateDrift[];
  /** Reported-period aggregates whose value changed under the rules in force (a new formula version). */
  revalued: AggregateKey[];
  /** Coarser-period aggregates whose figures changed when recomputed from the reported periods. */
  coarserPeriods: AggregateKey[];
}

/**
 * Rebuilds the aggregates of the given indicators from the stored values — the reported periods from the current values through
 * the closure, the coarser periods from those — in the caller's transaction, holding every indicator's
 * lock so intake waits. Repaired rows get a new version and an aggregate event. Run it and roll back to
 * check without repairing.
 */
export async function recomputeAggregates(m: EntityManager, indicatorCodes: string[], rulesFor: RulesFor): Promise<RecomputeReport> {
  await lockIndicators(m, indicatorCodes);
  const drift = await findAggregateDrift(m, indicatorCodes);
  if (drift.length > 0) {
    const zero = { valueSum: '0', valueCount: '0', numeratorSum: '0', denominatorSum: '0' };
    const rows = drift.map((d) => ({ key: d, state: d.recomputed ?? zero }));
    await m.query(
      `INSERT INTO indicator_aggregates AS a (indicator_code, org_unit_id, period, period_type, value_sum, value_count, numerator_sum, denominator_sum)
       SELECT t.indicator_code, t.org_unit_id, t.period, i.period_type, t.value_sum, t.value_count, t.numerator_sum, t.denominator_sum
       FROM unnest($1::text[], $2::int[], $3::text[], $4::numeric[], $5::bigint[], $6::numeric[], $7::numeric[])
            AS t(indicator_code, org_unit_id, period, value_sum, value_count, numerator_sum, denominator_sum)
       JOIN indicators i ON i.code = t.indicator_code
       ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
         SET value_sum = EXCLUDED.value_sum, value_count = EXCLUDED.value_count, numerator_sum = EXCLUDED.numerator_sum,
             denominator_sum = EXCLUDED.denominator_sum, version = a.version + 1, updated_at = now()`,
      [
        rows.map((r) => r.key.indicatorCode),
        rows.map((r) => r.key.orgUnitId),
        rows.map((r) => r.key.period),
        rows.map((r) => r.state.valueSum),
        rows.map((r) => r.state.valueCount),
        rows.map((r) => r.state.numeratorSum),
        rows.map((r) => r.state.denominatorSum),
      ],
    );
  }
  const reported: AggregateKey[] = await m.query(
    `SELECT a.indicator_code, a.org_unit_id, a.period FROM indicator_aggregates a
     JOIN indicators i ON i.code = a.indicator_code AND a.period_type = i.period_type
     WHERE a.indicator_code = ANY($1::text[])`,
    [indicatorCodes],
  );
  // Values are settled for every reported row, not only the drifted ones: a formula may have changed.
  // The drifted rows already have their new version; each repair is one version.
  const keyOf = (k: AggregateKey) => `${k.indicator_code}\u0000${k.org_unit_id}\u0000${k.period}`;
  const drifted = drift.map((d) => ({ indicator_code: d.indicatorCode, org_unit_id: d.orgUnitId, period: d.period }));
  const driftedKeys = new Set(drifted.map(keyOf));
  await settleReportedPeriods(m, drifted, rulesFor);
  const revalued = await settleReportedPeriods(m, reported.filter((k) => !driftedKeys.has(keyOf(k))), rulesFor, { bumpVersion: true });
  const coarser = await rollUpOverTime(m, reported, rulesFor);
  const changed = new Map<string, AggregateKey>();
  for (const k of [...drifted, ...revalued, ...coarser]) changed.set(keyOf(k), k);
  await publishAggregates(m, [...changed.values()]);
  return { reportedPeriods: drift, revalued, coarserPeriods: coarser };
}

/** Recomputes in a transaction that is rolled back: what a repair would change, without changing it. */
export async function checkAggregates(dataSource: DataSource, indicatorCodes: string[], rulesFor: RulesFor): Promise<RecomputeReport> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    return await recomputeAggregates(runner.manager, indicatorCodes, rulesFor);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}
