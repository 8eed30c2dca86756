import { AGENCY_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, Matches } from 'class-validator';
import { MAX_ROWS_PER_REQUEST } from '../spreadsheet/sheet-columns';
import { IndicatorValueRowDto } from './indicator-value-row.dto';

export class ReportIndicatorValuesDto {
  // Until authentication lands (issue 3) the client names the agency it reports for; then the agency comes
  // from the bearer token and this field goes.
  @ApiProperty({
    example: 'STTTT',
    description:
      'The reporting agency (GET /v1/agencies). **Temporary:** until authentication lands (issue 3) the agency is named here and ' +
      'not verified; the authenticated version takes it from the bearer token instead.',
  })
  @Matches(AGENCY_CODE_PATTERN, { message: 'agencyCode must be 2–32 characters of A-Z and 0-9' })
  agencyCode!: string;

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
