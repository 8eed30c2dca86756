import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { TASK_ACTIONS, type TaskAction } from '../../workflow/task-workflow';

export class TransitionDto {
  @ApiProperty({
    enum: TASK_ACTIONS,
    description:
      'assign (programme office, DRAFT → ASSIGNED), start (lead, ASSIGNED → IN_PROGRESS, not while blocked), submit (lead, ' +
      'IN_PROGRESS → SUBMITTED, not while a contribution is open), approve (reviewer, → APPROVED), return (reviewer, ' +
      'SUBMITTED → IN_PROGRESS, reason), cancel (programme office, reason)',
  })
  @IsIn(TASK_ACTIONS)
  action!: TaskAction;

  @ApiPropertyOptional({ example: 'Thiếu minh chứng', description: 'Required to return or cancel' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
