import { AGGREGATIONS, type Aggregation } from '@dxhub/contracts';
import { PeriodType } from '@dxhub/periods';

/** How an indicator is defined in the catalogue (seeds/indicators.json has the same shape). */
export interface IndicatorDefinition {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  pillar: string | null;
  subIndex: string | null;
  sector: string | null;
  aggregation: Aggregation;
  /** Rule over org units where it differs from `aggregation` (DHIS2's AVERAGE_SUM_ORG_UNIT idea). */
  orgUnitAggregation: Aggregation | null;
  /** Rule over time where it differs from `aggregation`. */
  timeAggregation: Aggregation | null;
  ratio: { numeratorVi: string; numeratorEn: string; denominatorVi: string; denominatorEn: string; factor: number } | null;
  periodType: PeriodType;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  bounds: { min: number | null; max: number | null } | null;
  responsibleAgency: string | null;
  [more: string]: unknown;
}

/** The rule that combines values of several org units. */
export function orgUnitRule(definition: Pick<IndicatorDefinition, 'aggregation' | 'orgUnitAggregation'>): Aggregation {
  return definition.orgUnitAggregation ?? definition.aggregation;
}

const SHARE_UNITS = /^(%|percent|per \d+.*|index|rank)$/i;

/**
 * The problems with a definition, as sentences; empty when it is sound. Refuses what would produce
 * wrong numbers: a SUM or AVERAGE over a percentage, a RATIO without its factor, LAST across org units.
 */
export function definitionProblems(d: IndicatorDefinition): string[] {
  const problems: string[] = [];
  const rules = [d.aggregation, d.orgUnitAggregation, d.timeAggregation].filter((r): r is Aggregation => r !== null);
  for (const rule of rules) {
    if (!AGGREGATIONS.includes(rule)) problems.push(`aggregation '${rule}' is not one of ${AGGREGATIONS.join(', ')}`);
  }
  if (!Object.values(PeriodType).includes(d.periodType)) {
    problems.push(`periodType '${d.periodType}' is not one of ${Object.values(PeriodType).join(', ')}`);
  }
  const overUnits = orgUnitRule(d);
  if (overUnits === 'LAST') {
    problems.push('LAST is a rule over time: declare orgUnitAggregation (SUM, AVERAGE, MIN or MAX) for combining org units');
  }
  if (SHARE_UNITS.test(d.unit) && (overUnits === 'SUM' || overUnits === 'AVERAGE') && d.aggregation !== 'RATIO') {
    problems.push(`a ${overUnits} over '${d.unit}' is refused: report it as a RATIO (numerator and denominator)`);
  }
  if (d.aggregation === 'RATIO') {
    if (!d.ratio || !(d.ratio.factor > 0)) problems.push('a RATIO needs ratio.factor > 0 (100 for a percentage)');
    if (d.orgUnitAggregation !== null && d.orgUnitAggregation !== 'RATIO') {
      problems.push('a RATIO combines org units as a RATIO (sum of numerators over sum of denominators)');
    }
  } else if (d.ratio) {
    problems.push(`only RATIO indicators carry ratio; this one is ${d.aggregation}`);
  }
  if (d.bounds && d.bounds.min !== null && d.bounds.max !== null && d.bounds.min > d.bounds.max) {
    problems.push(`bounds.min ${d.bounds.min} is above bounds.max ${d.bounds.max}`);
  }
  return problems;
}
