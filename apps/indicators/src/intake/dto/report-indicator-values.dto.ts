import { AGENCY_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, Matches } from 'class-validator';
import { MAX_ROWS_PER_REQUEST } from '../spreadsheet/sheet-columns';
import { IndicatorValueRowDto } from './indicator-value-row.dto';

export class ReportIndicatorValuesDto {
  // The agency comes from the bearer token. The field stays for clients that sent it before authentication
  // landed: it is checked, never trusted (another agency here is a 403, rule agency-matches-token).
  @ApiPropertyOptional({
    example: 'STTTT',
    description:
      'Optional. The reporting agency is the bearer token’s `agency` claim; if this names another agency the request is refused (403, rule `agency-matches-token`).',
  })
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN, { message: 'agencyCode must be 2–32 characters of A-Z and 0-9' })
  agencyCode?: string;

  // Rows stay plain JSON here (no @ValidateNested): each is checked against the event contract on its own,
  // so one bad row is reported with its reason instead of refusing the whole batch.
  @ApiProperty({ type: [IndicatorValueRowDto], minItems: 1, maxItems: MAX_ROWS_PER_REQUEST })
  @IsArray()
  @ArrayMinSize(1, { message: 'values must hold at least one value' })
  @ArrayMaxSize(MAX_ROWS_PER_REQUEST, {
    message: (args) =>
      `values holds ${(args.value as unknown[]).length} rows; at most ${MAX_ROWS_PER_REQUEST} are accepted per request: split the batch`,
  })
  values!: unknown[];
}
