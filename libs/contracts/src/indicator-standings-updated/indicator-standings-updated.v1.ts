// @Type reads design-time metadata when the class is declared, whoever imports this first.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { parsePeriod } from '@dxhub/periods';
import { INDICATOR_CODE_PATTERN, ORG_UNIT_CODE_PATTERN } from '../codes';
import { TARGET_STATUSES, type TargetStatusName } from '../indicator-target-event/indicator-target-event-base.v1';
import { ExactlyOneShapeOf } from '../validation/exactly-one-of.decorator';
import { finite, ISO_UTC } from '../validation/fast-path';
import { IsDhis2Period } from '../validation/is-dhis2-period.decorator';

/** Standings one event carries at most: some 250 bytes each, well inside Kafka's 1 MiB message. */
export const MAX_STANDINGS_PER_EVENT = 1000;

/** The fields of a judgement; a removal carries none of them, only `removed`. */
export const JUDGEMENT_FIELDS = [
  'value',
  'target',
  'targetYear',
  'comparator',
  'tolerance',
  'achievement',
  'status',
] as const;

/**
 * One judged aggregate of `dx.indicator-standings.updated`: its standing against the target path as the
 * indicators service stored it (the judgement's fields), or its removal (`removed: true`: the value was
 * withdrawn, or the indicator has no target for the period any more). Either way about `aggregateVersion`.
 */
export class AggregateStandingV1 {
  /** GSO code; with the period it names one org-unit version. */
  @Matches(ORG_UNIT_CODE_PATTERN)
  orgUnitCode!: string;

  @IsString()
  orgUnitName!: string;

  @IsDhis2Period()
  period!: string;

  /** The aggregate version judged: keep the standing of the highest per (indicator, org unit, period). */
  @ExactlyOneShapeOf([[...JUDGEMENT_FIELDS], ['removed']])
  @IsInt()
  @Min(1)
  aggregateVersion!: number;

  /** The aggregate's value. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value?: number;

  /** The target path's value at the period's last day. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  target?: number;

  /** The target year the path leads to, and its comparator. */
  @IsOptional()
  @IsInt()
  targetYear?: number;

  @IsOptional()
  @IsIn(['>=', '>', '<=', '<', '='])
  comparator?: string;

  /** The near-miss band in the indicator's unit (within-tolerance inside it). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  tolerance?: number;

  /** Percent of the target reached, direction-aware, capped at 120. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(120)
  achievement?: number;

  @IsOptional()
  @IsIn(TARGET_STATUSES)
  status?: TargetStatusName;

  /** True when the aggregate has no standing any more (no value, or no target); then no judgement field. */
  @IsOptional()
  @IsIn([true])
  removed?: true;
}

/**
 * `dx.indicator-standings.updated` v1: the standings of aggregates of one indicator that one evaluation pass of
 * the indicators service stored or removed (aggregate_targets), in the transaction that stored them. Up to
 * MAX_STANDINGS_PER_EVENT per event, keyed by the indicator code; the id is derived from the content, so the
 * same judgements published again carry the same id. Keep, per (indicator, org unit, period), the entry of the
 * highest `aggregateVersion`, then the latest `evaluatedAt`; a removal is kept too (a tombstone), so an older
 * standing arriving late does not come back.
 */
export class IndicatorStandingsUpdatedV1 {
  @Matches(INDICATOR_CODE_PATTERN)
  indicatorCode!: string;

  /** When the pass judged them. */
  @IsISO8601()
  evaluatedAt!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STANDINGS_PER_EVENT)
  @ValidateNested({ each: true })
  @Type(() => AggregateStandingV1)
  standings!: AggregateStandingV1[];

  /**
   * The shape the indicators service writes, checked without class-validator (validatePayload's fast path):
   * a thousand nested objects would cost it tens of milliseconds per event. Anything else takes the full check.
   */
  static conforms(data: Record<string, unknown>): boolean {
    const { indicatorCode, evaluatedAt, standings } = data;
    if (
      Object.keys(data).length !== 3 ||
      typeof indicatorCode !== 'string' ||
      !INDICATOR_CODE_PATTERN.test(indicatorCode) ||
      typeof evaluatedAt !== 'string' ||
      !ISO_UTC.test(evaluatedAt)
    ) {
      return false;
    }
    if (!Array.isArray(standings) || standings.length === 0 || standings.length > MAX_STANDINGS_PER_EVENT) return false;
    return standings.every(conformsAsStanding);
  }
}

const COMPARATORS: ReadonlySet<unknown> = new Set(['>=', '>', '<=', '<', '=']);
const STATUSES: ReadonlySet<unknown> = new Set(TARGET_STATUSES);
const KEY_KEYS = ['orgUnitCode', 'orgUnitName', 'period', 'aggregateVersion'];
const STANDING_KEYS = new Set([...KEY_KEYS, ...JUDGEMENT_FIELDS]);
const REMOVAL_KEYS = new Set([...KEY_KEYS, 'removed']);

function conformsAsStanding(s: unknown): boolean {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return false;
  const c = s as Record<string, unknown>;
  const keys = Object.keys(c);
  const removal = c.removed === true;
  const allowed = removal ? REMOVAL_KEYS : STANDING_KEYS;
  if (keys.length !== allowed.size || !keys.every((k) => allowed.has(k))) return false;
  const key =
    typeof c.orgUnitCode === 'string' &&
    ORG_UNIT_CODE_PATTERN.test(c.orgUnitCode) &&
    typeof c.orgUnitName === 'string' &&
    typeof c.period === 'string' &&
    parsePeriod(c.period) !== null &&
    Number.isInteger(c.aggregateVersion) &&
    (c.aggregateVersion as number) >= 1;
  if (!key || removal) return key;
  return (
    finite(c.value) &&
    finite(c.target) &&
    Number.isInteger(c.targetYear) &&
    COMPARATORS.has(c.comparator) &&
    finite(c.tolerance) &&
    c.tolerance >= 0 &&
    finite(c.achievement) &&
    c.achievement >= 0 &&
    c.achievement <= 120 &&
    STATUSES.has(c.status)
  );
}
