// @Type reads design-time metadata when the class is declared, whoever imports this first.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
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
import { ORG_UNIT_CODE_PATTERN } from '../codes';
import { IsDhis2Period } from '../validation/is-dhis2-period.decorator';

/** One scored part: a main index (sub-index), a pillar, or the overall index. */
export class DtiPartScoreV1 {
  /** NT, TC, HT, NL, AT, HDCQS, HDKTS, HDXHS (indexes); CQS, KTS, XHS (pillars); DTI (overall). */
  @Matches(/^[A-Z]{2,8}$/)
  code!: string;

  @IsIn(['index', 'pillar', 'overall'])
  kind!: 'index' | 'pillar' | 'overall';

  /** 0–1 (4 decimals); null when no indicator of the part has an achievement. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  score!: number | null;

  /** The part's points in the framework (pillars: the sum of their indexes'). */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  maxPoints!: number;

  /** Indicators with an achievement, and indicators, in the part. */
  @IsInt()
  @Min(0)
  scored!: number;

  @IsInt()
  @Min(0)
  indicators!: number;
}

/**
 * `dx.dti-score.updated` v1: the DTI-style scores of an org unit for a period changed — achievements of its
 * aggregates for that period weighted into main-index, pillar and overall scores by the provincial DTI framework
 * in force for the period's year. Scores come for every period type with standings (month, quarter, half-year,
 * year); the annual DTI is the yearly one (`period` a year). Published by the indicators service to
 * `dx.indicators.events`, keyed by the org unit code; `version` grows with every change of the (org unit, period)
 * scores.
 */
export class DtiScoreUpdatedV1 {
  @Matches(ORG_UNIT_CODE_PATTERN)
  orgUnitCode!: string;

  @IsString()
  orgUnitName!: string;

  /** The scored period (DHIS2: `2024`, `2024S2`, `2024Q3`, `202409`); the annual DTI is the year's. */
  @IsDhis2Period()
  period!: string;

  /** The framework version the scores follow (seeds/dti-framework.json), its decision, and whether points were borrowed. */
  @IsString()
  framework!: string;

  @IsString()
  decision!: string;

  @IsBoolean()
  pointsInferred!: boolean;

  /** The overall score's points out of the framework's total (e.g. 1000), null without data. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  points!: number | null;

  /** Share of the framework's points that had data (0–1). */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  coverage!: number;

  /** The overall score first, then pillars, then main indexes. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DtiPartScoreV1)
  parts!: DtiPartScoreV1[];

  @IsInt()
  @Min(1)
  version!: number;

  @IsISO8601()
  updatedAt!: string;
}
