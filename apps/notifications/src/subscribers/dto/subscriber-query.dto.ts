import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '@dxhub/contracts';

export class SubscriberQueryDto {
  @ApiPropertyOptional({ example: 'STTTT' })
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN, { message: 'agency must be an agency code' })
  agency?: string;
}
