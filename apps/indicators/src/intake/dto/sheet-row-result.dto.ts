import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SheetRowResultDto {
  @ApiProperty({ example: 2, description: 'Excel row number in the first sheet' })
  row!: number;

  @ApiProperty({ enum: ['accepted', 'duplicate', 'rejected'] })
  status!: 'accepted' | 'duplicate' | 'rejected';

  @ApiPropertyOptional({
    example:
      'row 3, column D (Giá trị / Value): “n/a” is text, not a number: enter a number (without thousands separators) in a number cell',
  })
  reason?: string;

  @ApiProperty({
    example: 'xlsx:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08:2',
    description:
      'The event id: the row’s id cell, else one derived from the file’s SHA-256 and the row number (the same file uploaded again counts once)',
  })
  id!: string;
}
