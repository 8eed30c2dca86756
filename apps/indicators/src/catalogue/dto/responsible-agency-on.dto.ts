import { ApiProperty } from '@nestjs/swagger';

/** The agency that holds an indicator's responsibility on a date. */
export class ResponsibleAgencyOnDto {
  @ApiProperty({ description: 'The date (YYYY-MM-DD)', example: '2025-08-01' })
  on!: string;

  @ApiProperty({ description: 'Agency code', example: 'SKHCN' })
  code!: string;

  @ApiProperty({ description: 'Vietnamese name', example: 'Sở Khoa học và Công nghệ' })
  nameVi!: string;

  @ApiProperty({ description: 'English name', example: 'Department of Science and Technology' })
  nameEn!: string;

  @ApiProperty({
    type: [String],
    description:
      'The ended agencies whose successor links were followed, in order; empty when the declared agency is in force',
    example: ['STTTT'],
  })
  via!: string[];
}
