import { coarserPeriods, type Period, requirePeriod, subPeriods } from '@dxhub/periods';
import type { SqlExecutor } from '@dxhub/persistence';
import type { AggregateKey } from './aggregate-key';
import type { AggregateRow } from './aggregate-row';
import type { AggregationRules, RulesFor } from './aggregation-rules';
import {
  type CoarserPeriod,
  coarserAggregateKeys,
  type Feed,
  rebuildUnitFigures,
  repairCoarserAggregates,
  reportedPeriods,
  rollUpFigures,
  type UnitPeriods,
} from './unit-rollups.repository';

/*
 * Roll-up over time (the statements and how they work: unit-rollups.repository.ts): which coarser periods a
 * changed value feeds and the rules over time and over org units in force for each.
 */

/**
 * Recomputes the coarser-period figures of the units whose reported-period values just changed and moves
 * the coarser aggregates above them by the difference, in one statement. Returns the aggregates moved
 * (MIN and MAX over org units still to settle).
 */
export async function rollUpOverTime(
  m: SqlExecutor,
  changedCells: AggregateKey[],
  rulesFor: RulesFor,
): Promise<AggregateRow[]> {
  // Each (indicator, coarser period) is described once (the same for every unit of a batch); the unit
  // periods are pairs (description, unit): thousands per batch, two integer columns.
  const described = new Map<string, number>();
  const descriptions: CoarserPeriod[] = [];
  const unitPeriods: UnitPeriods = { description: [], org_unit_id: [] };
  const seen = new Set<string>();
  for (const cell of changedCells) {
    const fine = requirePeriod(cell.period);
    for (const coarse of coarserPeriods(fine)) {
      const id = `${cell.indicator_code}\u0000${cell.org_unit_id}\u0000${coarse.id}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const rulesKey = `${cell.indicator_code}\u0000${coarse.id}\u0000${fine.type}`;
      let n = described.get(rulesKey);
      if (n === undefined) {
        descriptions.push(describe(cell.indicator_code, coarse, fine, rulesFor(cell.indicator_code, coarse.end)));
        described.set(rulesKey, (n = descriptions.length));
      }
      unitPeriods.description.push(n);
      unitPeriods.org_unit_id.push(cell.org_unit_id);
    }
  }
  if (seen.size === 0) return [];
  return rollUpFigures(m, descriptions, unitPeriods);
}

export interface CoarserRebuild {
  /** Coarser-period aggregates whose sums or counts differed from a recomputation from the values. */
  repaired: AggregateKey[];
  /** Every coarser-period aggregate of the indicators, after the rebuild. */
  all: AggregateKey[];
}

/**
 * Rebuilds the unit figures of the indicators from the stored values, then compares every coarser-period
 * aggregate with the sum of the figures below it and repairs the differences (a new version each). The
 * incremental path never reads what this computes, so an empty `repaired` is evidence that it is exact.
 */
export async function rebuildCoarserPeriods(
  m: SqlExecutor,
  indicatorCodes: string[],
  rulesFor: RulesFor,
): Promise<CoarserRebuild> {
  const reported = await reportedPeriods(m, indicatorCodes);
  // Which coarser periods each reported period feeds, with the rule over time in force for each.
  const feeds: Feed[] = [];
  for (const r of reported) {
    for (const coarse of coarserPeriods(requirePeriod(r.period))) {
      feeds.push({
        indicator_code: r.indicator_code,
        fine: r.period,
        coarse,
        time_rule: rulesFor(r.indicator_code, coarse.end).time,
      });
    }
  }
  await rebuildUnitFigures(m, indicatorCodes, feeds);
  const repaired = await repairCoarserAggregates(m, indicatorCodes);
  const all = await coarserAggregateKeys(m, indicatorCodes);
  return { repaired, all };
}

function describe(indicatorCode: string, coarse: Period, fine: Period, rules: AggregationRules): CoarserPeriod {
  const subs = subPeriods(coarse, fine.type);
  return {
    indicator_code: indicatorCode,
    period: coarse.id,
    period_type: coarse.type,
    period_end: coarse.end,
    first: subs[0].id,
    last: subs[subs.length - 1].id,
    time_rule: rules.time,
    aggregation: rules.orgUnit,
    factor: rules.factor,
  };
}
