import { ApiProperty } from '@nestjs/swagger';
import { AGENCY_KINDS } from './create-agency.dto';
import { AgencyLinkDto } from './agency-link.dto';

/** One agency version as GET /v1/agencies returns it. */
export class AgencyViewDto {
  @ApiProperty({ description: 'Agency code; part of its topic names', example: 'STTTT' })
  code!: string;

  @ApiProperty({ description: 'Vietnamese name', example: 'Sở Thông tin và Truyền thông' })
  nameVi!: string;

  @ApiProperty({ description: 'English name', example: 'Department of Information and Communications' })
  nameEn!: string;

  @ApiProperty({ enum: AGENCY_KINDS, description: 'What kind of body it is' })
  kind!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'GSO code of the org unit it belongs to or governs (82 for provincial bodies)',
    example: '82',
  })
  orgUnitCode!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'First day in office (inclusive); null = before the records',
    example: null,
  })
  validFrom!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Last day in office (inclusive); null = still in office',
    example: '2025-02-28',
  })
  validTo!: string | null;

  @ApiProperty({
    type: [AgencyLinkDto],
    description: 'The agencies that take over its responsibilities, with the day they do',
  })
  successors!: AgencyLinkDto[];

  @ApiProperty({
    type: [AgencyLinkDto],
    description: 'The agencies whose responsibilities it took over, with the day it did',
  })
  predecessors!: AgencyLinkDto[];
}
