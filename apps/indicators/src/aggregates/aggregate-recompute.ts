import type { DataSource, EntityManager } from 'typeorm';
import {
  type AggregateDrift,
  findAggregateDrift,
  repairReportedAggregates,
  reportedAggregateKeys,
} from './aggregate-recompute.repository';
import type { RulesFor } from './aggregation-rules';
import { type AggregateKey, aggregateId } from './aggregate-key';
import { lockIndicators } from './aggregates.repository';
import { publishAggregatesByKey, settleAggregates } from './aggregate-writer';
import { rebuildCoarserPeriods } from './unit-rollups';

export interface RecomputeReport {
  /** Reported-period aggregates whose sums differed from the values, with both states. */
  reportedPeriods: AggregateDrift[];
  /** Aggregates whose value changed under the rules in force (a new formula version), sums unchanged. */
  revalued: AggregateKey[];
  /** Coarser-period aggregates whose sums or counts differed from a recomputation from the values. */
  coarserPeriods: AggregateKey[];
}

/**
 * Rebuilds the aggregates of the given indicators from the stored values — the reported periods from the
 * current values through the closure, the coarser periods from the units' figures over time, themselves
 * rebuilt from the values — in the caller's transaction, holding every indicator's
 * lock so intake waits. Repaired rows get a new version and an aggregate event. Run it and roll back to
 * check without repairing.
 */
export async function recomputeAggregates(
  m: EntityManager,
  indicatorCodes: string[],
  rulesFor: RulesFor,
): Promise<RecomputeReport> {
  await lockIndicators(m, indicatorCodes);
  const drift = await findAggregateDrift(m, indicatorCodes);
  if (drift.length > 0) {
    const zero = { valueSum: '0', valueCount: '0', numeratorSum: '0', denominatorSum: '0' };
    const rows = drift.map((d) => ({ key: d, state: d.recomputed ?? zero }));
    await repairReportedAggregates(m, rows);
  }
  const reported = await reportedAggregateKeys(m, indicatorCodes);
  // Values are settled for every row, not only the repaired ones: a formula may have changed. The
  // repaired rows already have their new version; each repair is one version.
  const drifted = drift.map((d) => ({ indicator_code: d.indicatorCode, org_unit_id: d.orgUnitId, period: d.period }));
  await settleAggregates(m, drifted, rulesFor, 'reported');
  const revalued = await settleAggregates(m, without(reported, drifted), rulesFor, 'reported', { bumpVersion: true });
  const coarser = await rebuildCoarserPeriods(m, indicatorCodes, rulesFor);
  await settleAggregates(m, coarser.repaired, rulesFor, 'coarser');
  revalued.push(
    ...(await settleAggregates(m, without(coarser.all, coarser.repaired), rulesFor, 'coarser', { bumpVersion: true })),
  );
  await publishAggregatesByKey(m, [...drifted, ...coarser.repaired, ...revalued]);
  return { reportedPeriods: drift, revalued, coarserPeriods: coarser.repaired };
}

function without(keys: AggregateKey[], excluded: AggregateKey[]): AggregateKey[] {
  const ids = new Set(excluded.map(aggregateId));
  return keys.filter((k) => !ids.has(aggregateId(k)));
}

/** Recomputes in a transaction that is rolled back: what a repair would change, without changing it. */
export async function checkAggregates(
  dataSource: DataSource,
  indicatorCodes: string[],
  rulesFor: RulesFor,
): Promise<RecomputeReport> {
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
