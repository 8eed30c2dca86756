import { AGENCY_CODE_PATTERN } from '@dxhub/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** The text fields of the multipart upload (the file itself arrives through multer). */
export class UploadIndicatorValuesDto {
  // Until authentication lands (issue 3) the client names the agency; then it comes from the bearer token.
  @ApiProperty({
    example: 'STTTT',
    description: 'The reporting agency. **Temporary:** named here, unverified, until authentication lands (issue 3).',
  })
  @Matches(AGENCY_CODE_PATTERN, { message: 'agencyCode must be 2–32 characters of A-Z and 0-9' })
  agencyCode!: string;
}
