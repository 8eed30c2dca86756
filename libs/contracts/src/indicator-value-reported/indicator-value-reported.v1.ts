import { parsePeriod } from '@dxhub/periods';
import { IsPositive, IsString, Matches, Min, ValidateIf } from 'class-validator';
import { INDICATOR_CODE_PATTERN, ORG_UNIT_CODE_PATTERN } from '../codes';
import { ExactlyOneShapeOf } from '../validation/exactly-one-of.decorator';
import { IsDhis2Period } from '../validation/is-dhis2-period.decorator';
import { IsFiniteNumberIfPresent } from '../validation/is-finite-number-if-present.decorator';

/**
 * `dx.indicator-value.reported` v1: an agency reports one indicator value for one org unit and period.
 * Published to the agency's own topic `dx.agency.<code>.indicator-values`, keyed by the indicator code.
 * A later report (by `ce_time`) for the same indicator, org unit and period replaces the earlier one.
 */
export class IndicatorValueReportedV1 {
  /** Catalogue code of the indicator, e.g. `BTS_STATIONS`. */
  @IsString()
  @Matches(INDICATOR_CODE_PATTERN, { message: 'indicatorCode must look like DVCTT_L4 (A-Z, 0-9, _)' })
  indicatorCode!: string;

  /** GSO code of the org unit the value is for (valid in that period). */
  @IsString()
  @Matches(ORG_UNIT_CODE_PATTERN, { message: 'orgUnitCode must be a GSO code of 2, 3 or 5 digits' })
  orgUnitCode!: string;

  /** Period in DHIS2 notation: `2024`, `2024S1`, `2024Q3`, `202407`. */
  @IsDhis2Period()
  period!: string;

  /** The value, for every aggregation but RATIO. */
  @ExactlyOneShapeOf([['value'], ['numerator', 'denominator']])
  @IsFiniteNumberIfPresent()
  value?: number;

  /** RATIO indicators: the count above the line (not negative). */
  @IsFiniteNumberIfPresent()
  @ValidateIf((o: IndicatorValueReportedV1) => o.numerator !== undefined)
  @Min(0)
  numerator?: number;

  /** RATIO indicators: the count below the line (positive). */
  @IsFiniteNumberIfPresent()
  @ValidateIf((o: IndicatorValueReportedV1) => o.denominator !== undefined)
  @IsPositive()
  denominator?: number;

  /**
   * The rules above for the usual shapes, without class-validator (see validatePayload): strings of the
   * right form and either a finite `value` or a ratio's counts. Anything else takes the full check.
   */
  static conforms(data: Record<string, unknown>): boolean {
    for (const key of Object.keys(data)) if (!PROPERTIES.has(key)) return false;
    const { indicatorCode, orgUnitCode, period, value, numerator, denominator } = data;
    if (typeof indicatorCode !== 'string' || !INDICATOR_CODE_PATTERN.test(indicatorCode)) return false;
    if (typeof orgUnitCode !== 'string' || !ORG_UNIT_CODE_PATTERN.test(orgUnitCode)) return false;
    if (typeof period !== 'string' || parsePeriod(period) === null) return false;
    if (numerator === undefined && denominator === undefined) return isFiniteNumber(value);
    return (
      value === undefined &&
      isFiniteNumber(numerator) &&
      numerator >= 0 &&
      isFiniteNumber(denominator) &&
      denominator > 0
    );
  }
}

const PROPERTIES = new Set(['indicatorCode', 'orgUnitCode', 'period', 'value', 'numerator', 'denominator']);

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
