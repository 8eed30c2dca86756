import { ApiProperty, OmitType } from '@nestjs/swagger';
import { CreateObligationDto } from './create-obligation.dto';

/** An obligation as GET /v1/obligations shows it. */
export class ObligationViewDto extends OmitType(CreateObligationDto, ['validFrom', 'validTo']) {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Periods ending on or after this day are owed; null: unbounded',
  })
  validFrom!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Periods ending on or before this day are owed; null: unbounded',
  })
  validTo!: string | null;

  @ApiProperty({ enum: ['seed', 'api'], description: 'Seeded from the catalogue at start, or defined through the API' })
  origin!: 'seed' | 'api';
}

/** Response of GET /v1/obligations. */
export class ObligationListViewDto {
  @ApiProperty({ type: [ObligationViewDto], description: 'Obligations by code' })
  data!: ObligationViewDto[];
}
