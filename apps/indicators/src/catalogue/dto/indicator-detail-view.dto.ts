import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IndicatorViewDto } from './indicator-view.dto';
import { ResponsibleAgencyOnDto } from './responsible-agency-on.dto';

/** Response of GET /v1/indicators/:code. */
export class IndicatorDetailViewDto extends IndicatorViewDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The `at` asked for; null when the latest version is shown',
  })
  at!: string | null;

  @ApiProperty({
    type: ResponsibleAgencyOnDto,
    nullable: true,
    description:
      'The agency responsible on `at` (today without it), following successor links from responsibleAgency; null when no single agency is',
  })
  responsibleAgencyOn!: ResponsibleAgencyOnDto | null;

  @ApiPropertyOptional({
    description:
      'Why responsibleAgencyOn is null: the agency ended with no successor, was split, or was not yet in force',
  })
  responsibleAgencyOnReason?: string;
}
