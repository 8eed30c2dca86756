import { IsServedInstant } from '@dxhub/calendar';
import {
  AGENCY_CODE_PATTERN,
  INDICATOR_CODE_PATTERN,
  OBLIGATION_CODE_PATTERN,
  OBLIGATION_PERIOD_TYPES,
  ORG_UNIT_CODE_PATTERN,
} from '@dxhub/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { DUE_ANCHORS, type DueAnchor } from '../obligation-schedule';
import { ORG_UNIT_COVERAGES, type OrgUnitCoverage } from '../obligation';

/** Body of POST /v1/obligations: a reporting obligation (DHIS2 data set). */
export class CreateObligationDto {
  @ApiProperty({ example: 'CSDL_QUARTERLY', description: 'A-Z, 0-9 and underscores, starting with a letter' })
  @Matches(OBLIGATION_CODE_PATTERN, {
    message: 'code must be 2–64 characters of A-Z, 0-9 and _, starting with a letter',
  })
  code!: string;

  @ApiProperty({ example: 'Báo cáo quý về cơ sở dữ liệu kết nối', description: 'Name in Vietnamese' })
  @IsString()
  @Length(2, 300)
  nameVi!: string;

  @ApiProperty({ example: 'Quarterly report on connected databases', description: 'Name in English' })
  @IsString()
  @Length(2, 300)
  nameEn!: string;

  @ApiProperty({ example: 'STTTT', description: 'The agency that reports; its successors owe it after a merger' })
  @Matches(AGENCY_CODE_PATTERN, { message: 'agencyCode must be an agency code' })
  agencyCode!: string;

  @ApiProperty({
    enum: OBLIGATION_PERIOD_TYPES,
    description: 'How often it is reported; the indicators’ own period type',
  })
  @IsIn(OBLIGATION_PERIOD_TYPES)
  periodType!: (typeof OBLIGATION_PERIOD_TYPES)[number];

  @ApiProperty({ example: ['CSDL_CONNECTED'], description: 'Indicators reported (each of this period type)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(INDICATOR_CODE_PATTERN, { each: true, message: 'each of indicatorCodes must be an indicator code' })
  indicatorCodes!: string[];

  @ApiProperty({ example: ['82'], description: 'GSO codes of the org units the obligation names' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Matches(ORG_UNIT_CODE_PATTERN, {
    each: true,
    message: 'each of orgUnitCodes must be a GSO code of 2, 3 or 5 digits',
  })
  orgUnitCodes!: string[];

  @ApiProperty({
    enum: ORG_UNIT_COVERAGES,
    description:
      'Which units report: the named units, the units directly under them, or both (in the hierarchy of each period’s last day)',
  })
  @IsIn(ORG_UNIT_COVERAGES)
  coverage!: OrgUnitCoverage;

  @ApiProperty({
    enum: DUE_ANCHORS,
    description: 'Due days count from the period’s last day or from the Decree 09 cut-off (the 14th of its last month)',
  })
  @IsIn(DUE_ANCHORS)
  dueAnchor!: DueAnchor;

  @ApiProperty({
    example: 2,
    description: 'Working days after the anchor (Vietnamese calendar: weekends and public holidays skipped)',
  })
  @IsInt()
  @Min(0)
  @Max(120)
  dueWorkingDays!: number;

  @ApiPropertyOptional({
    example: '2024-01-01',
    description: 'Periods ending on or after this day are owed; unbounded when absent',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsServedInstant()
  validFrom?: string;

  @ApiPropertyOptional({
    example: '2030-12-31',
    description: 'Periods ending on or before this day are owed; unbounded when absent',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsServedInstant()
  validTo?: string;
}
