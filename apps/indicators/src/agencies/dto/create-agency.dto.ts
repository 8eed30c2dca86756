import { IsServedInstant } from '@dxhub/calendar';
import { AGENCY_CODE_PATTERN, ORG_UNIT_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';

export const AGENCY_KINDS = [
  'department',
  'provincial-office',
  'inspectorate',
  'district-people-committee',
  'commune-people-committee',
  'other',
] as const;

export class CreateAgencyDto {
  @ApiProperty({ example: 'SNGV', description: 'A-Z and 0-9; becomes part of the agency’s topic names' })
  @Matches(AGENCY_CODE_PATTERN, { message: 'code must be 2–32 characters of A-Z and 0-9' })
  code!: string;

  @ApiProperty({ example: 'Sở Ngoại vụ', description: 'Official Vietnamese name (stored NFC)' })
  @IsString()
  @Length(2, 200)
  nameVi!: string;

  @ApiProperty({ example: 'Department of Foreign Affairs', description: 'Standard English name' })
  @IsString()
  @Length(2, 200)
  nameEn!: string;

  @ApiProperty({ enum: AGENCY_KINDS, description: 'What kind of body it is' })
  @IsIn(AGENCY_KINDS)
  kind!: (typeof AGENCY_KINDS)[number];

  @ApiPropertyOptional({
    example: '82',
    description: 'GSO code of the org unit it belongs to or governs (82 for provincial bodies)',
  })
  @IsOptional()
  @Matches(ORG_UNIT_CODE_PATTERN)
  orgUnitCode?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'First day in office; unbounded when absent' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsServedInstant()
  validFrom?: string;
}
