// @Type reads design-time metadata when the class is declared, whoever imports this first.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ISO_DATE_PATTERN, ORG_UNIT_CODE_PATTERN } from '../codes';

/** One parent of an org-unit version, for part of its life (a reorganisation re-parents later dates). */
export class OrgUnitParentV1 {
  @Matches(ORG_UNIT_CODE_PATTERN)
  parentCode!: string;

  /** First day (YYYY-MM-DD); null: since the unit's start. */
  @IsOptional()
  @Matches(ISO_DATE_PATTERN, { message: '$property must be a date, YYYY-MM-DD' })
  validFrom!: string | null;

  /** Last day (YYYY-MM-DD); null: open-ended. */
  @IsOptional()
  @Matches(ISO_DATE_PATTERN, { message: '$property must be a date, YYYY-MM-DD' })
  validTo!: string | null;
}

/**
 * `dx.org-unit.defined` v1: one version of an org unit (province, district-level unit or commune) with
 * its validity and its parents over time. Published by the indicators service to `dx.indicators.events`,
 * keyed by the GSO code, when the hierarchy is loaded or changes. A code may have several versions
 * (a unit re-created by a reform keeps its number); (code, validFrom) names one.
 */
export class OrgUnitDefinedV1 {
  @Matches(ORG_UNIT_CODE_PATTERN)
  code!: string;

  @IsString()
  nameVi!: string;

  /** GSO type, e.g. Tỉnh, Thành phố, Huyện, Thị xã, Phường, Xã, Thị trấn. */
  @IsString()
  type!: string;

  /** 1 province, 2 district-level unit, 3 commune. */
  @IsInt()
  @Min(1)
  @Max(3)
  level!: number;

  @IsOptional()
  @Matches(ISO_DATE_PATTERN, { message: '$property must be a date, YYYY-MM-DD' })
  validFrom!: string | null;

  @IsOptional()
  @Matches(ISO_DATE_PATTERN, { message: '$property must be a date, YYYY-MM-DD' })
  validTo!: string | null;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OrgUnitParentV1)
  parents!: OrgUnitParentV1[];

  @IsISO8601()
  publishedAt!: string;
}
