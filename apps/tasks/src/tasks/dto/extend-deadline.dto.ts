import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class ExtendDeadlineDto {
  @ApiProperty({ example: '2027-03-31', description: 'The new deadline, later than the current one' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  dueDate!: string;

  @ApiProperty({ example: 'Gói thầu phải tổ chức lại', description: 'Kept in the task history' })
  @IsString()
  @Length(3, 2000)
  reason!: string;
}
