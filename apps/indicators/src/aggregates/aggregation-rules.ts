import type { Aggregation } from '@dxhub/contracts';

/** How one indicator's values combine for a period: over org units, over time, and a RATIO's factor. */
export interface AggregationRules {
  /** SUM, AVERAGE, RATIO, MIN or MAX over the org-unit hierarchy. */
  orgUnit: Aggregation;
  /** SUM, AVERAGE, RATIO, MIN, MAX or LAST over the sub-periods of a coarser period. */
  time: Aggregation;
  factor: number | null;
}

/** The rules in force for an indicator and a period (the definition on the period's last day). */
export type RulesFor = (indicatorCode: string, periodEnd: string) => AggregationRules;

/** The rules as the catalogue defines them on a date. */
export function rulesFromCatalogue(catalogue: {
  indicatorOn(
    code: string,
    date: string,
  ): { orgUnitAggregation: Aggregation; timeAggregation: Aggregation; factor: number | null } | undefined;
}): RulesFor {
  return (code, periodEnd) => {
    const indicator = catalogue.indicatorOn(code, periodEnd);
    if (!indicator) throw new Error(`unknown indicator '${code}'`);
    return { orgUnit: indicator.orgUnitAggregation, time: indicator.timeAggregation, factor: indicator.factor };
  };
}
