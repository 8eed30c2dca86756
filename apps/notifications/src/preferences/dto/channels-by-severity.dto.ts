import { ApiProperty } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsIn } from 'class-validator';
import { PERSONAL_CHANNELS, type PersonalChannel } from '../preferences';

export class ChannelsBySeverityDto {
  @ApiProperty({
    enum: PERSONAL_CHANNELS,
    isArray: true,
    description: 'Ignored in part: critical notices always reach inbox and e-mail.',
  })
  @IsArray()
  @ArrayUnique()
  @IsIn(PERSONAL_CHANNELS, { each: true })
  critical!: PersonalChannel[];

  @ApiProperty({ enum: PERSONAL_CHANNELS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(PERSONAL_CHANNELS, { each: true })
  high!: PersonalChannel[];

  @ApiProperty({ enum: PERSONAL_CHANNELS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(PERSONAL_CHANNELS, { each: true })
  normal!: PersonalChannel[];

  @ApiProperty({ enum: PERSONAL_CHANNELS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(PERSONAL_CHANNELS, { each: true })
  low!: PersonalChannel[];
}
