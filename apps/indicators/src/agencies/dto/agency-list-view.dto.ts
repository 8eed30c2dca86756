import { ApiProperty } from '@nestjs/swagger';
import { AgencyViewDto } from './agency-view.dto';

/** Response of GET /v1/agencies. */
export class AgencyListViewDto {
  @ApiProperty({ type: String, nullable: true, description: 'The date asked for; null when every version is listed' })
  at!: string | null;

  @ApiProperty({ type: [AgencyViewDto], description: 'Agency versions by code, then validity' })
  data!: AgencyViewDto[];
}
