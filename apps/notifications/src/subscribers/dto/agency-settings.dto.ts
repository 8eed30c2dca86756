import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUrl, MinLength, ValidateNested } from 'class-validator';
import { PreferencesDto } from '../../preferences/dto/preferences.dto';

/** An agency's webhook (signed with its secret), contact e-mail (the webhook's fallback) and its users' default preferences. */
export class AgencySettingsDto {
  @ApiPropertyOptional({ example: 'https://hooks.stttt.example.vn/dxhub', nullable: true })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  webhookUrl?: string | null;

  @ApiPropertyOptional({
    description: 'HMAC-SHA256 key, at least 16 characters; write-only (kept when omitted)',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MinLength(16)
  webhookSecret?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ type: PreferencesDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PreferencesDto)
  preferences?: PreferencesDto | null;
}
