import { AGENCY_CODE_PATTERN } from '@dxhub/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** The text fields of the multipart upload (the file itself arrives through multer). */
export class UploadIndicatorValuesDto {
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
}
