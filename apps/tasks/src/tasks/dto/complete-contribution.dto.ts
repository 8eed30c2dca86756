import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CompleteContributionDto {
  @ApiPropertyOptional({ example: 'Đã bố trí kinh phí' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
