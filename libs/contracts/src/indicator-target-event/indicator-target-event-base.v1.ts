import { IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { INDICATOR_CODE_PATTERN, ORG_UNIT_CODE_PATTERN } from '../codes';
import { AGENCY_CODE_PATTERN } from '../topics';
import { IsDhis2Period } from '../validation/is-dhis2-period.decorator';

/** Where an aggregate stands against its target path. */
export const TARGET_STATUSES = ['on-track', 'within-tolerance', 'off-track'] as const;
export type TargetStatusName = (typeof TARGET_STATUSES)[number];

/**
 * What `dx.indicator.off-track` and `dx.indicator.back-on-track` v1 say about an aggregate whose status
 * against its target path changed. Published by the indicators service to `dx.indicators.events` in the
 * transaction that changed the aggregate, keyed by the indicator code.
 */
export class IndicatorTargetEventBaseV1 {
  @Matches(INDICATOR_CODE_PATTERN)
  indicatorCode!: string;

  /** GSO code; with the period it names one org-unit version. */
  @Matches(ORG_UNIT_CODE_PATTERN)
  orgUnitCode!: string;

  @IsString()
  orgUnitName!: string;

  @IsDhis2Period()
  period!: string;

  /** The agency responsible for the indicator today (the catalogue's responsible agency, following successions). */
  @Matches(AGENCY_CODE_PATTERN)
  agency!: string;

  /** The aggregate's value. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value!: number;

  /** The target path's value at the period's last day. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  target!: number;

  /** The target year the path leads to, and its comparator. */
  @IsInt()
  targetYear!: number;

  @IsIn(['>=', '>', '<=', '<', '='])
  comparator!: string;

  /** The near-miss band in the indicator's unit (within-tolerance inside it). */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  tolerance!: number;

  /** Percent of the target reached, direction-aware, capped at 120. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(120)
  achievement!: number;

  /** The status now. */
  @IsIn(TARGET_STATUSES)
  status!: TargetStatusName;

  /** The status before the change; absent when the aggregate had none (its first value, or a new target). */
  @IsOptional()
  @IsIn(TARGET_STATUSES)
  previousStatus?: TargetStatusName;

  /** The aggregate version the status is about. */
  @IsInt()
  @Min(1)
  aggregateVersion!: number;

  @IsISO8601()
  evaluatedAt!: string;
}
