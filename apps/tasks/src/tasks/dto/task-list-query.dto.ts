import { AGENCY_CODE_PATTERN, TASK_CODE_PATTERN, TASK_STATES } from '@dxhub/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class TaskListQueryDto {
  @ApiPropertyOptional({ enum: TASK_STATES })
  @IsOptional()
  @IsIn(TASK_STATES)
  state?: string;

  @ApiPropertyOptional({ description: 'Tasks the agency leads, coordinates or reviews' })
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN)
  agency?: string;

  @ApiPropertyOptional({ description: 'Only the direct children of this group or task' })
  @IsOptional()
  @Matches(TASK_CODE_PATTERN)
  parent?: string;
}
