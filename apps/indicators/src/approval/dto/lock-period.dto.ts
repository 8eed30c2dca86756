import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/** Body of POST /v1/period-locks/{period}/locks. */
export class LockPeriodDto {
  @ApiProperty({
    description: 'Why the period takes no more reports (audited, and quoted in every refusal of a report for it)',
    example: 'Chốt số liệu năm 2025 để lập báo cáo tổng kết',
    maxLength: 500,
  })
  @IsString({ message: 'reason is required: say why the period is locked' })
  @Matches(/\S/, { message: 'reason must not be blank' })
  // Shorter than a re-opening's: every refused report carries it (dead-letter reasons are cut at 2,000 characters).
  @MaxLength(500)
  reason!: string;
}
