// @Type reads design-time metadata when the class is declared, whoever imports this first.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches, ValidateNested } from 'class-validator';
import { parsePeriod } from '@dxhub/periods';
import { INDICATOR_CODE_PATTERN, ORG_UNIT_CODE_PATTERN } from '../codes';
import { IndicatorAggregateUpdatedV1 } from '../indicator-aggregate-updated/indicator-aggregate-updated.v1';
import { finite, ISO_UTC } from '../validation/fast-path';

/** Aggregates one event carries at most: some 300 bytes each, well inside Kafka's 1 MiB message. */
export const MAX_AGGREGATES_PER_EVENT = 1000;

/** One changed aggregate of a batch: what `dx.indicator-aggregate.updated` says of it, with that event's id. */
export class AggregateChangeV1 extends IndicatorAggregateUpdatedV1 {
  /** Unique per (aggregate, version): `aggregate:<indicator>:<org unit id>:<period>:v<version>`. */
  @IsString()
  id!: string;
}

/**
 * `dx.indicator-aggregates.updated` v1: aggregates of one indicator that one write of the indicators
 * service changed, each as `dx.indicator-aggregate.updated` describes it. One report moves three or four
 * aggregates (its org unit's, the units above it, the coarser periods); a message per aggregate made the
 * bus carry four times the intake, so the service publishes them together, up to MAX_AGGREGATES_PER_EVENT
 * per event, keyed by the indicator code. Keep the highest `version` per (indicator, org unit, period).
 */
export class IndicatorAggregatesUpdatedV1 {
  @Matches(INDICATOR_CODE_PATTERN)
  indicatorCode!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_AGGREGATES_PER_EVENT)
  @ValidateNested({ each: true })
  @Type(() => AggregateChangeV1)
  aggregates!: AggregateChangeV1[];

  /**
   * The usual shape, checked without class-validator (validatePayload's fast path): a thousand nested
   * objects would cost it tens of milliseconds per event. Anything else takes the full check.
   */
  static conforms(data: Record<string, unknown>): boolean {
    const { indicatorCode, aggregates } = data;
    if (
      Object.keys(data).length !== 2 ||
      typeof indicatorCode !== 'string' ||
      !INDICATOR_CODE_PATTERN.test(indicatorCode)
    ) {
      return false;
    }
    if (!Array.isArray(aggregates) || aggregates.length === 0 || aggregates.length > MAX_AGGREGATES_PER_EVENT)
      return false;
    return aggregates.every((a) => conformsAsChange(a, indicatorCode));
  }
}

const CHANGE_KEYS = new Set([
  'id',
  'indicatorCode',
  'orgUnitCode',
  'orgUnitName',
  'period',
  'aggregation',
  'value',
  'numerator',
  'denominator',
  'valueCount',
  'version',
  'updatedAt',
]);
const AGGREGATION_NAMES: ReadonlySet<unknown> = new Set(['SUM', 'AVERAGE', 'RATIO', 'MIN', 'MAX', 'LAST']);
const finiteOrAbsent = (v: unknown) => v === undefined || v === null || finite(v);

function conformsAsChange(a: unknown, indicatorCode: string): boolean {
  if (typeof a !== 'object' || a === null || Array.isArray(a)) return false;
  const c = a as Record<string, unknown>;
  for (const key of Object.keys(c)) if (!CHANGE_KEYS.has(key)) return false;
  return (
    typeof c.id === 'string' &&
    c.indicatorCode === indicatorCode &&
    typeof c.orgUnitCode === 'string' &&
    ORG_UNIT_CODE_PATTERN.test(c.orgUnitCode) &&
    typeof c.orgUnitName === 'string' &&
    typeof c.period === 'string' &&
    parsePeriod(c.period) !== null &&
    AGGREGATION_NAMES.has(c.aggregation) &&
    (c.value === null || finite(c.value)) &&
    finiteOrAbsent(c.numerator) &&
    finiteOrAbsent(c.denominator) &&
    Number.isInteger(c.valueCount) &&
    (c.valueCount as number) >= 0 &&
    Number.isInteger(c.version) &&
    (c.version as number) >= 1 &&
    typeof c.updatedAt === 'string' &&
    ISO_UTC.test(c.updatedAt)
  );
}
