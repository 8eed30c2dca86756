import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, ValidateNested } from 'class-validator';
import { ChannelsBySeverityDto } from './channels-by-severity.dto';
import { QuietHoursDto } from './quiet-hours.dto';

/** How a user (or an agency, as its users' default) wants to be notified. */
export class PreferencesDto {
  @ApiProperty({ type: ChannelsBySeverityDto })
  @ValidateNested()
  @Type(() => ChannelsBySeverityDto)
  channels!: ChannelsBySeverityDto;

  @ApiPropertyOptional({
    type: QuietHoursDto,
    nullable: true,
    description: 'E-mail (not critical) waits until they end; null: none',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours!: QuietHoursDto | null;

  @ApiProperty({ description: 'Low-severity e-mails go into one daily digest' })
  @IsBoolean()
  digest!: boolean;
}
