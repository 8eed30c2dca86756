import { TASK_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class AddDependencyDto {
  @ApiProperty({ example: 'G1.N4.T1', description: 'Code of the task that must be approved before this one can start' })
  @Matches(TASK_CODE_PATTERN)
  blockedBy!: string;
}
