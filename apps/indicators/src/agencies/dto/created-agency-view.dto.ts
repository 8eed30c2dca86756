import { ApiProperty } from '@nestjs/swagger';
import { AgencyViewDto } from './agency-view.dto';

/** Response of POST /v1/agencies. */
export class CreatedAgencyViewDto extends AgencyViewDto {
  @ApiProperty({
    type: [String],
    description: 'The topics the agency publishes to, with their dead-letter topics',
    example: ['dx.agency.SNGV.indicator-values'],
  })
  topics!: string[];
}
