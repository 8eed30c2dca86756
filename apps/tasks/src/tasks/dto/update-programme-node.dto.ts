import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class UpdateProgrammeNodeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 500)
  titleVi?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 500)
  titleEn?: string;

  @ApiPropertyOptional({ description: "Weight in the parent's roll-up" })
  @IsOptional()
  @IsNumber()
  @Min(0.001)
  @Max(1000)
  weight?: number;
}
