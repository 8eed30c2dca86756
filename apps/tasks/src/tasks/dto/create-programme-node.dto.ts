import { TASK_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNumber, IsString, Length, Matches, Max, Min } from 'class-validator';

/** A goal under the resolution, or a task group under a goal. */
export class CreateProgrammeNodeDto {
  @ApiProperty({ enum: ['goal', 'group'] })
  @IsIn(['goal', 'group'])
  kind!: 'goal' | 'group';

  @ApiProperty({ example: 'G1', description: 'The resolution (for a goal) or a goal (for a group)' })
  @Matches(TASK_CODE_PATTERN)
  parentCode!: string;

  @ApiProperty({ example: 'G1.N10', description: "For a group, the goal's code, a dot, and more" })
  @Matches(TASK_CODE_PATTERN)
  code!: string;

  @ApiProperty({ example: 'Chuyển đổi số cấp xã' })
  @IsString()
  @Length(2, 500)
  titleVi!: string;

  @ApiProperty({ example: 'Digital transformation at commune level' })
  @IsString()
  @Length(2, 500)
  titleEn!: string;

  @ApiProperty({ example: 10 })
  @IsNumber()
  @Min(0.001)
  @Max(1000)
  weight!: number;
}
