import { AGENCY_CODE_PATTERN, AGGREGATIONS, type Aggregation, INDICATOR_CODE_PATTERN } from '@dxhub/contracts';
import { PeriodType } from '@dxhub/periods';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DIRECTIONS, PILLARS, SUB_INDEXES, TARGET_COMPARATORS } from '../indicator-definition';

/** Finite JSON numbers only. */
const NUMBER = { allowNaN: false, allowInfinity: false } as const;
/** Non-empty, and not only blanks. */
const NOT_BLANK = /\S/;

class IndicatorRatioDto {
  @ApiProperty({ description: 'What is counted above the line, in Vietnamese', example: 'Số hộ gia đình có cáp quang' })
  @IsString()
  @Length(1, 500)
  @Matches(NOT_BLANK, { message: 'ratio.numeratorVi must not be blank' })
  numeratorVi!: string;

  @ApiProperty({ description: 'What is counted above the line, in English', example: 'Households with fibre' })
  @IsString()
  @Length(1, 500)
  @Matches(NOT_BLANK, { message: 'ratio.numeratorEn must not be blank' })
  numeratorEn!: string;

  @ApiProperty({ description: 'What is counted below the line, in Vietnamese', example: 'Tổng số hộ gia đình' })
  @IsString()
  @Length(1, 500)
  @Matches(NOT_BLANK, { message: 'ratio.denominatorVi must not be blank' })
  denominatorVi!: string;

  @ApiProperty({ description: 'What is counted below the line, in English', example: 'All households' })
  @IsString()
  @Length(1, 500)
  @Matches(NOT_BLANK, { message: 'ratio.denominatorEn must not be blank' })
  denominatorEn!: string;

  @ApiProperty({
    description: 'Multiplies numerator ÷ denominator: 100 for a percentage, 1000 for "per 1000 people"',
    example: 100,
  })
  @IsNumber(NUMBER)
  factor!: number;
}

class IndicatorBoundsDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Lowest acceptable value (a RATIO: of the computed ratio); null = open',
    example: 0,
  })
  @IsOptional()
  @IsNumber(NUMBER)
  min!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Highest acceptable value; null = open', example: 100 })
  @IsOptional()
  @IsNumber(NUMBER)
  max!: number | null;
}

class IndicatorBaselineDto {
  @ApiProperty({
    description: 'The period the baseline was measured in, in the indicator’s period type',
    example: '2022S1',
  })
  @IsString()
  @Length(4, 16)
  period!: string;

  @ApiProperty({ description: 'The baseline value, in the indicator’s unit', example: 68.3 })
  @IsNumber(NUMBER)
  value!: number;
}

class IndicatorTargetDto {
  @ApiProperty({ description: 'The year the target is for', example: 2025 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ description: 'The target value, in the indicator’s unit', example: 80 })
  @IsNumber(NUMBER)
  value!: number;

  @ApiProperty({
    enum: TARGET_COMPARATORS,
    description: 'How a figure meets the target; must fit the direction',
    example: '>=',
  })
  @IsIn(TARGET_COMPARATORS)
  comparator!: (typeof TARGET_COMPARATORS)[number];

  @ApiProperty({ description: 'Near-miss (amber) band in the indicator’s unit, ≥ 0', example: 2 })
  @IsNumber(NUMBER)
  @Min(0)
  tolerance!: number;
}

class IndicatorNationalAverageDto {
  @ApiProperty({ description: 'The year', example: 2023 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ description: 'The published provincial average that year', example: 0.5366 })
  @IsNumber(NUMBER)
  value!: number;
}

/**
 * An indicator definition as the API accepts it (seeds/indicators.json has the same shape). The shape is
 * checked here; the rules across fields (a SUM over a percentage, a RATIO's factor …) by
 * definitionProblems(), and the responsible agency against the catalogue.
 */
export class IndicatorDefinitionDto {
  @ApiProperty({
    description: 'Upper-case code: A-Z first, then A-Z, 0-9 and _ (2–64 characters); the Kafka key of its reports',
    example: 'FIBRE_HH',
  })
  @Matches(INDICATOR_CODE_PATTERN, { message: 'code must match ^[A-Z][A-Z0-9_]{1,63}$ (e.g. FIBRE_HH)' })
  code!: string;

  @ApiProperty({
    description: 'Vietnamese name (stored NFC)',
    example: 'Tỷ lệ hộ gia đình có kết nối Internet cáp quang',
  })
  @IsString()
  @Length(1, 500)
  @Matches(NOT_BLANK, { message: 'nameVi must not be blank' })
  nameVi!: string;

  @ApiProperty({ description: 'English name', example: 'Households with a fibre Internet connection' })
  @IsString()
  @Length(1, 500)
  @Matches(NOT_BLANK, { message: 'nameEn must not be blank' })
  nameEn!: string;

  @ApiProperty({
    description: 'Unit: %, count, working days, index, rank, per 100 people …; a share is never summed or averaged',
    example: '%',
  })
  @IsString()
  @Length(1, 64)
  @Matches(NOT_BLANK, { message: 'unit must not be blank' })
  unit!: string;

  @ApiPropertyOptional({
    enum: PILLARS,
    nullable: true,
    description:
      'DTI pillar: CQS digital government, KTS digital economy, XHS digital society; null only for an overall index',
    example: 'XHS',
  })
  @IsOptional()
  @IsIn(PILLARS)
  pillar?: (typeof PILLARS)[number] | null;

  @ApiPropertyOptional({
    enum: SUB_INDEXES,
    nullable: true,
    description: 'The DTI main index the indicator feeds',
    example: 'HT',
  })
  @IsOptional()
  @IsIn(SUB_INDEXES)
  subIndex?: (typeof SUB_INDEXES)[number] | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Free tag: digital-government, economy, telecom …',
    example: 'telecom',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  sector?: string | null;

  @ApiProperty({
    enum: AGGREGATIONS,
    description: 'How values combine, over org units and over time unless overridden below',
    example: 'RATIO',
  })
  @IsIn(AGGREGATIONS)
  aggregation!: Aggregation;

  @ApiPropertyOptional({
    enum: AGGREGATIONS,
    nullable: true,
    description: 'Rule over org units where it differs from aggregation (never LAST)',
  })
  @IsOptional()
  @IsIn(AGGREGATIONS)
  orgUnitAggregation?: Aggregation | null;

  @ApiPropertyOptional({
    enum: AGGREGATIONS,
    nullable: true,
    description: 'Rule over time where it differs from aggregation (LAST for stocks)',
    example: 'LAST',
  })
  @IsOptional()
  @IsIn(AGGREGATIONS)
  timeAggregation?: Aggregation | null;

  @ApiPropertyOptional({ type: IndicatorRatioDto, nullable: true, description: 'Required for a RATIO, null otherwise' })
  @ValidateIf((o: IndicatorDefinitionDto) => o.aggregation === 'RATIO' || (o.ratio !== undefined && o.ratio !== null))
  @IsObject({ message: 'a RATIO needs ratio {numeratorVi, numeratorEn, denominatorVi, denominatorEn, factor}' })
  @ValidateNested()
  @Type(() => IndicatorRatioDto)
  ratio?: IndicatorRatioDto | null;

  @ApiProperty({
    enum: PeriodType,
    description: 'The period agencies report in; never changes between versions',
    example: 'SIX_MONTHLY',
  })
  @IsIn(Object.values(PeriodType))
  periodType!: PeriodType;

  @ApiProperty({
    enum: DIRECTIONS,
    description: 'Whether a higher or a lower figure is better',
    example: 'HIGHER_IS_BETTER',
  })
  @IsIn(DIRECTIONS)
  direction!: (typeof DIRECTIONS)[number];

  @ApiPropertyOptional({
    type: IndicatorBaselineDto,
    nullable: true,
    description: 'The starting point the targets are measured from',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IndicatorBaselineDto)
  baseline?: IndicatorBaselineDto | null;

  @ApiPropertyOptional({
    type: [IndicatorTargetDto],
    description: 'Targets per year, at most one per year (default none)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => IndicatorTargetDto)
  targets?: IndicatorTargetDto[];

  @ApiPropertyOptional({
    type: [IndicatorNationalAverageDto],
    description: 'The published provincial average per year, where known (default none)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => IndicatorNationalAverageDto)
  nationalAverage?: IndicatorNationalAverageDto[];

  @ApiProperty({
    description: 'Code of the agency responsible (a catalogued agency); responsibility passes to its successors',
    example: 'STTTT',
  })
  @Matches(AGENCY_CODE_PATTERN, { message: 'responsibleAgency must be an agency code (A-Z, 0-9)' })
  responsibleAgency!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'Code of the agency that approves its values (data approval), followed along successions; default: the programme office (APPROVAL_PROGRAMME_OFFICE)',
    example: 'SKHCN',
  })
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN, { message: 'approvingAgency must be an agency code (A-Z, 0-9)' })
  approvingAgency?: string | null;

  @ApiPropertyOptional({
    type: IndicatorBoundsDto,
    nullable: true,
    description: 'Acceptable values; reports outside are refused. null = no bounds',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IndicatorBoundsDto)
  bounds?: IndicatorBoundsDto | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Where the definition comes from (legal text, URL)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  source?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Caveats and remarks' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string | null;
}
