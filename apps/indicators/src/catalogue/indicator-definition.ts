import { AGGREGATIONS, type Aggregation } from '@dxhub/contracts';
import { PeriodType } from '@dxhub/periods';

/** DTI pillars: digital government, digital economy, digital society. */
export const PILLARS = ['CQS', 'KTS', 'XHS'] as const;
/** The DTI main indexes an indicator may feed (seeds/dti-framework.json). */
export const SUB_INDEXES = ['NT', 'TC', 'HT', 'NL', 'AT', 'HDCQS', 'HDKTS', 'HDXHS'] as const;
export const DIRECTIONS = ['HIGHER_IS_BETTER', 'LOWER_IS_BETTER'] as const;

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
  ratio: {
    numeratorVi: string;
    numeratorEn: string;
    denominatorVi: string;
    denominatorEn: string;
    factor: number;
  } | null;
  periodType: PeriodType;
  direction: (typeof DIRECTIONS)[number];
  bounds: { min: number | null; max: number | null } | null;
  responsibleAgency: string | null;
  /** The agency that approves its values (data approval); absent: the programme office. */
  approvingAgency?: string | null;
  baseline?: { period: string; value: number } | null;
  targets?: IndicatorTarget[];
  /** The published provincial average per year, where known. */
  nationalAverage?: { year: number; value: number }[];
  source?: string | null;
  notes?: string | null;
  [more: string]: unknown;
}

export const TARGET_COMPARATORS = ['>=', '>', '<=', '<', '='] as const;

/** A yearly target; `tolerance` is the near-miss (amber) band in the indicator's unit. */
export interface IndicatorTarget {
  year: number;
  value: number;
  comparator: (typeof TARGET_COMPARATORS)[number];
  tolerance: number;
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
    problems.push(
      'LAST is a rule over time: declare orgUnitAggregation (SUM, AVERAGE, MIN or MAX) for combining org units',
    );
  }
  const adds = (rule: Aggregation) =>
    SHARE_UNITS.test(d.unit) && (rule === 'SUM' || rule === 'AVERAGE') && d.aggregation !== 'RATIO';
  if (adds(overUnits)) {
    problems.push(`a ${overUnits} over '${d.unit}' is refused: report it as a RATIO (numerator and denominator)`);
  }
  // Over time too (a share of one quarter plus the next is no share), said once when both rules are the same.
  const overTime = d.timeAggregation ?? d.aggregation;
  if (adds(overTime) && !(adds(overUnits) && overUnits === overTime)) {
    problems.push(
      `a ${overTime} over time of '${d.unit}' is refused: use LAST, MIN or MAX over time, or report it as a RATIO`,
    );
  }
  if (d.aggregation === 'RATIO') {
    if (!d.ratio || !(d.ratio.factor > 0)) problems.push('a RATIO needs ratio.factor > 0 (100 for a percentage)');
    if (d.orgUnitAggregation !== null && d.orgUnitAggregation !== 'RATIO') {
      problems.push('a RATIO combines org units as a RATIO (sum of numerators over sum of denominators)');
    }
    if (d.timeAggregation === 'SUM' || d.timeAggregation === 'AVERAGE') {
      problems.push(`a RATIO combines periods as a RATIO, LAST, MIN or MAX, not ${d.timeAggregation}`);
    }
  } else if (d.ratio) {
    problems.push(`only RATIO indicators carry ratio; this one is ${d.aggregation}`);
  }
  if (d.bounds && d.bounds.min !== null && d.bounds.max !== null && d.bounds.min > d.bounds.max) {
    problems.push(`bounds.min ${d.bounds.min} is above bounds.max ${d.bounds.max}`);
  }
  problems.push(...targetProblems(d));
  return problems;
}

/** Comparators that fit each direction: a LOWER_IS_BETTER target is a ceiling, never a floor. */
const COMPARATORS: Record<IndicatorDefinition['direction'], readonly string[]> = {
  HIGHER_IS_BETTER: ['>=', '>', '='],
  LOWER_IS_BETTER: ['<=', '<', '='],
};

function targetProblems(d: IndicatorDefinition): string[] {
  if (!Array.isArray(d.targets)) return [];
  const problems: string[] = [];
  const years = new Set<number>();
  for (const t of d.targets) {
    if (years.has(t.year)) problems.push(`two targets for ${t.year}`);
    years.add(t.year);
    if (COMPARATORS[d.direction] && !COMPARATORS[d.direction].includes(t.comparator)) {
      problems.push(`target ${t.year}: comparator '${t.comparator}' does not fit ${d.direction}`);
    }
    if (
      d.bounds &&
      ((d.bounds.min !== null && t.value < d.bounds.min) || (d.bounds.max !== null && t.value > d.bounds.max))
    ) {
      problems.push(`target ${t.year}: value ${t.value} is outside the bounds`);
    }
  }
  return problems;
}
