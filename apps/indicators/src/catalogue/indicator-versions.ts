import type { Aggregation } from '@dxhub/contracts';
import { type IndicatorDefinition, orgUnitRule } from './indicator-definition';

/** An indicator as intake and roll-up read it: one definition, with its rules resolved. */
export interface CatalogueIndicator {
  code: string;
  aggregation: Aggregation;
  /** Rule over org units (never LAST). */
  orgUnitAggregation: Aggregation;
  /** Rule over time, from the reported period type up to the year. */
  timeAggregation: Aggregation;
  periodType: string;
  factor: number | null;
  boundsMin: number | null;
  boundsMax: number | null;
  definition: IndicatorDefinition;
}

/** One formula version of an indicator. */
export interface IndicatorVersion {
  code: string;
  /** First day in force (ISO date); null for the first version, which holds from the beginning of time. */
  effectiveFrom: string | null;
  definition: IndicatorDefinition;
  createdAt: string;
  createdBy: string | null;
}

/** A version with the shape intake reads. */
export interface BuiltIndicatorVersion extends IndicatorVersion {
  indicator: CatalogueIndicator;
}

/** The catalogue shape of a definition: the rules the definition leaves implicit made explicit. */
export function toCatalogueIndicator(definition: IndicatorDefinition): CatalogueIndicator {
  return {
    code: definition.code,
    aggregation: definition.aggregation,
    orgUnitAggregation: orgUnitRule(definition),
    timeAggregation: definition.timeAggregation ?? definition.aggregation,
    periodType: definition.periodType,
    factor: definition.ratio?.factor ?? null,
    boundsMin: definition.bounds?.min ?? null,
    boundsMax: definition.bounds?.max ?? null,
    definition,
  };
}

/**
 * The version in force on `date` (ISO): the one with the latest `effectiveFrom` on or before it; for a
 * date before every version, the earliest (a figure is never left without a definition). `versions`
 * must be sorted by `effectiveFrom`, null (the beginning of time) first.
 */
export function versionOn<V extends Pick<IndicatorVersion, 'effectiveFrom'>>(
  versions: readonly V[],
  date: string,
): V | undefined {
  for (let i = versions.length - 1; i >= 0; i--) {
    const from = versions[i].effectiveFrom;
    if (from === null || from <= date) return versions[i];
  }
  return versions[0];
}

/** The last day of each version: the day before the next one's `effectiveFrom`; null for the latest. */
export function effectiveTo(
  versions: readonly Pick<IndicatorVersion, 'effectiveFrom'>[],
  index: number,
): string | null {
  const next = versions[index + 1]?.effectiveFrom;
  return next ? addDays(next, -1) : null;
}

/** An ISO date moved by whole days (calendar arithmetic in UTC, so no time zone can shift it). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
