import { IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches, Min } from 'class-validator';
import { INDICATOR_CODE_PATTERN, ORG_UNIT_CODE_PATTERN } from '../codes';
import { IsDhis2Period } from '../validation/is-dhis2-period.decorator';

export const AGGREGATIONS = ['SUM', 'AVERAGE', 'RATIO', 'MIN', 'MAX', 'LAST'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/**
 * `dx.indicator-aggregate.updated` v1: the aggregate of an indicator over an org unit (its own and its
 * descendants' values) for a period changed. Published by the indicators service to `dx.indicators.events`,
 * keyed by the indicator code. `version` grows by one with every change of that aggregate, so a reader
 * keeps the highest version it has seen and ignores older or repeated ones.
 */
export class IndicatorAggregateUpdatedV1 {
  @Matches(INDICATOR_CODE_PATTERN)
  indicatorCode!: string;

  /** GSO code; together with the period it names exactly one org-unit version. */
  @Matches(ORG_UNIT_CODE_PATTERN)
  orgUnitCode!: string;

  @IsString()
  orgUnitName!: string;

  @IsDhis2Period()
  period!: string;

  /** How values were combined over the org units. */
  @IsIn(AGGREGATIONS)
  aggregation!: Aggregation;

  /** The aggregate value; null when no value counts any more (all reports were withdrawn). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value!: number | null;

  /** RATIO only: sum of the numerators. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  numerator?: number | null;

  /** RATIO only: sum of the denominators. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  denominator?: number | null;

  /** How many reported values the aggregate covers. */
  @IsInt()
  @Min(0)
  valueCount!: number;

  @IsInt()
  @Min(1)
  version!: number;

  @IsISO8601()
  updatedAt!: string;
}
