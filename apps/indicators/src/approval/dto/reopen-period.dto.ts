import { IsServedInstant } from '@dxhub/calendar';
import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsString, Matches, MaxLength } from 'class-validator';

/** Body of POST /v1/period-locks/{period}/reopenings. */
export class ReopenPeriodDto {
  @ApiProperty({
    description: 'Why the period takes reports again (audited)',
    example: 'Sở Y tế nộp bổ sung số liệu hồ sơ sức khỏe điện tử',
  })
  @IsString({ message: 'reason is required: say why the period is re-opened' })
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason!: string;

  @ApiProperty({
    description: 'Until when reports are accepted: an ISO timestamp with its zone, at most 366 days ahead',
    example: '2026-12-15T17:00:00+07:00',
  })
  @IsISO8601({ strict: true }, { message: 'openUntil must be an ISO 8601 timestamp' })
  @IsServedInstant()
  @Matches(/(Z|[+-]\d{2}:?\d{2})$/i, { message: 'openUntil must carry its time zone (Z or +07:00)' })
  openUntil!: string;
}
