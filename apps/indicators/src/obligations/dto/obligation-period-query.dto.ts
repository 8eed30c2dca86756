import { IsDhis2Period } from '@dxhub/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

/** Query of GET /v1/obligations/:code. */
export class ObligationPeriodQueryDto {
  @ApiPropertyOptional({
    example: '202602',
    description: 'Also show this period’s schedule: who owes it, when it opens, is due and overdue',
  })
  @IsOptional()
  @IsDhis2Period()
  period?: string;
}
