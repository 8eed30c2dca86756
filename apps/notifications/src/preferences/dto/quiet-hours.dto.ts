import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class QuietHoursDto {
  @ApiProperty({ example: '21:00', description: 'Local time (LOCAL_UTC_OFFSET_MINUTES), HH:MM' })
  @Matches(HHMM, { message: 'start must be a time HH:MM' })
  start!: string;

  @ApiProperty({ example: '07:00' })
  @Matches(HHMM, { message: 'end must be a time HH:MM' })
  end!: string;
}
