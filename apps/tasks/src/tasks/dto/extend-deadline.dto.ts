import { IsServedDate } from '@dxhub/calendar';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';

export class ExtendDeadlineDto {
  @ApiPropertyOptional({
    example: '2027-03-31',
    description: 'The new deadline, later than the current one; or give byWorkingDays',
  })
  @ValidateIf((o: ExtendDeadlineDto) => o.byWorkingDays === undefined)
  @IsServedDate()
  dueDate?: string;

  @ApiPropertyOptional({
    example: 10,
    description: 'Move the deadline this many working days later, instead of dueDate',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2000)
  byWorkingDays?: number;

  @ApiProperty({ example: 'Gói thầu phải tổ chức lại', description: 'Kept in the task history' })
  @IsString()
  @Length(3, 2000)
  reason!: string;
}
