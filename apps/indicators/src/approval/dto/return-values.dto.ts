import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ApproveValuesDto } from './approve-values.dto';

/** Body of POST /v1/indicator-values/approvals/return. */
export class ReturnValuesDto extends ApproveValuesDto {
  // Optional to the validator so that a missing reason gets its own 400 (RETURN_REASON_REQUIRED), not a generic one.
  @ApiProperty({
    description:
      'What the reporting agency must correct (required, not blank); sent to it in dx.indicator-value.returned',
    example: 'Số trạm BTS cao hơn số liệu của nhà mạng / higher than the operators’ count',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
