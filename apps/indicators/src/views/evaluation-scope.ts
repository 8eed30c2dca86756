import { DomainErrorKind, DomainException } from '@dxhub/http';
import { type Period, type PeriodType, subPeriods } from '@dxhub/periods';
import type { CatalogueIndicator } from '../catalogue/indicator-versions';

/** What a figure is evaluated over: an indicator, the reported sub-periods of the period read, and its rules. */
export interface EvaluationScope {
  indicatorCode: string;
  /** The periods of the reported type inside the period read (the period itself when it is of that type). */
  subPeriods: { id: string; end: string }[];
  /** The rule over time; for a period of the reported type each unit has one cell, which is its figure. */
  timeRule: string;
  /** The rule over org units in force at the end of the period read, and a RATIO's factor. */
  orgUnitRule: string;
  factor: number | null;
}

/** The sub-periods and rules of a figure: those of the indicator version in force at the end of the period read. */
export function scopeOf(indicator: CatalogueIndicator, period: Period): EvaluationScope {
  const reportedType = indicator.periodType as PeriodType;
  const subs = subPeriods(period, reportedType);
  if (subs.length === 0) {
    throw new DomainException(
      DomainErrorKind.INVALID_INPUT,
      'PERIOD_FINER_THAN_REPORTED',
      `${indicator.code} is reported ${reportedType}; period ${period.id} is finer than that`,
    );
  }
  return {
    indicatorCode: indicator.code,
    subPeriods: subs.map((s) => ({ id: s.id, end: s.end })),
    // One cell per unit: LAST keeps it whole, numerator and denominator included.
    timeRule: period.type === reportedType ? 'LAST' : indicator.timeAggregation,
    orgUnitRule: indicator.orgUnitAggregation,
    factor: indicator.factor,
  };
}
