import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsEmail, IsIn, IsOptional, Matches, ValidateNested } from 'class-validator';
import { ROLES, type Role } from '@dxhub/auth';
import { AGENCY_CODE_PATTERN } from '@dxhub/contracts';
import { PreferencesDto } from '../../preferences/dto/preferences.dto';

/** A person in the directory: the JWT `sub` is the path parameter. */
export class SubscriberDto {
  @ApiProperty({ example: 'STTTT' })
  @Matches(AGENCY_CODE_PATTERN, { message: 'agencyCode must be an agency code (A-Z, 0-9)' })
  agencyCode!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ example: 'nguyen.van.a@stttt.tiengiang.gov.vn', nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ enum: ['vi', 'en'], default: 'vi' })
  @IsOptional()
  @IsIn(['vi', 'en'])
  locale?: 'vi' | 'en';

  @ApiPropertyOptional({ type: PreferencesDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PreferencesDto)
  preferences?: PreferencesDto | null;
}
