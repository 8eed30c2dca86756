import { IsBoolean, IsInt, IsISO8601, IsObject, IsOptional, Matches, Min } from 'class-validator';
import { INDICATOR_CODE_PATTERN, ISO_DATE_PATTERN } from '../codes';

/**
 * `dx.indicator.defined` v1: a version of an indicator's definition, as the catalogue holds it (the shape
 * of GET /v1/indicators/:code and seeds/indicators.json: names in Vietnamese and English, unit, pillar and
 * sub-index, rules, period type, direction, baseline, targets with tolerance, national average,
 * responsible agency, bounds). Published by the indicators service to `dx.indicators.events`, keyed by the
 * code, when a version is added or the indicator is deleted. A reader keeps every version by
 * (code, effectiveFrom) and reads a period's figure with the version in force on its last day.
 */
export class IndicatorDefinedV1 {
  @Matches(INDICATOR_CODE_PATTERN)
  code!: string;

  /** First day this version holds (YYYY-MM-DD); null for the first version, which holds from the beginning. */
  @IsOptional()
  @Matches(ISO_DATE_PATTERN, { message: '$property must be a date, YYYY-MM-DD' })
  effectiveFrom!: string | null;

  /** The definition. Its fields are documented by the catalogue API (GET /v1/indicators, OpenAPI). */
  @IsObject()
  definition!: Record<string, unknown>;

  /** False once the indicator is deleted from the catalogue (the definition is then its last one). */
  @IsBoolean()
  active!: boolean;

  /** Grows with every event about this code, so a reader keeps the highest it has seen. */
  @IsInt()
  @Min(1)
  revision!: number;

  @IsISO8601()
  publishedAt!: string;
}
