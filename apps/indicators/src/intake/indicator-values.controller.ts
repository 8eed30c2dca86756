import { Body, Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@dxhub/auth';
import type { Response } from 'express';
import { IndicatorValuesReportDto } from './dto/indicator-values-report.dto';
import { ReportIndicatorValuesDto } from './dto/report-indicator-values.dto';
import { AGENCY_NOTE, prepareRow, refuseIfNothingAccepted, tally } from './prepared-values';
import { ValueSubmissionService } from './value-submission.service';

const DENIED_EXAMPLE = {
  summary: 'A value for another agency’s org unit (403)',
  value: {
    statusCode: 403,
    error: 'FORBIDDEN',
    rule: 'agency-reports-own-org-units',
    message:
      '1 of 2 values is outside agency UBND815’s responsibilities: agency UBND815 may report only for org unit 815 and the units under it, not for 816',
    details: { denied: [{ index: 1, rule: 'agency-reports-own-org-units', reason: '…' }] },
  },
};

const REPORT_EXAMPLES = {
  mixed: {
    summary: 'Some rows accepted, some refused (200)',
    value: {
      accepted: 1,
      duplicates: 1,
      rejected: 1,
      results: [
        { index: 0, status: 'accepted', id: 'stttt-2024S2-815-bts' },
        { index: 1, status: 'duplicate', id: 'stttt-2024S2-816-bts' },
        {
          index: 2,
          status: 'rejected',
          reason: 'indicator FIBRE_HH is a RATIO: send numerator and denominator, not value',
          id: '1f0c…',
        },
      ],
    },
  },
};

const NOTHING_ACCEPTED_EXAMPLE = {
  summary: 'Every row refused (422)',
  value: {
    statusCode: 422,
    error: 'NO_VALUES_ACCEPTED',
    message: 'none of the 2 values was accepted: each result says why',
    accepted: 0,
    duplicates: 0,
    rejected: 2,
    results: [
      { index: 0, status: 'rejected', reason: "unknown indicator 'NO_SUCH'", id: 'a-1' },
      {
        index: 1,
        status: 'rejected',
        reason: 'period must be a period in DHIS2 notation (2024, 2024S1, 2024Q3, 202407)',
        id: null,
      },
    ],
  },
};

/**
 * Agency reports over HTTP as a JSON batch (the filled-in Excel template: IndicatorValuesUploadController). Every value takes the same path
 * as a Kafka event (IndicatorIntakeService.submit, with the same contract check first), and every value
 * gets its own result: good values beside bad ones are applied.
 *
 * Status codes: 200 when at least one value was applied now or before (accepted or duplicate) — `rejected`
 * may still be above 0, so read the results; 422 when every value was refused (nothing changed; the body
 * carries the error fields and the same per-value results); 400 when the request as a whole is unusable
 * (malformed, unknown agency, over 5,000 values, not an .xlsx); 413 for an upload over 5 MB.
 */
@ApiTags('intake')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token; WWW-Authenticate names what failed.' })
@Controller('v1/indicator-values')
export class IndicatorValuesController {
  constructor(private readonly submission: ValueSubmissionService) {}

  @Post()
  @Roles('reporter')
  @HttpCode(HttpStatus.OK)
  @ApiForbiddenResponse({
    description:
      'Not a reporter, another agency named, or a value outside the agency’s indicators or org units; `rule` says which.',
    examples: { denied: DENIED_EXAMPLE },
  })
  @ApiTooManyRequestsResponse({ description: 'The agency’s write budget is used up; see Retry-After.' })
  @ApiOperation({
    summary: 'Report indicator values: one, or a batch of up to 5,000',
    description:
      `${AGENCY_NOTE}\n\nEach value is checked on its own against the event contract and the catalogue (the rules a Kafka event ` +
      'meets, with the same reasons) and the good ones are applied in one transaction. `id` makes a value idempotent across retries ' +
      'and channels. **200**: at least one value applied now or before — check `rejected`; **422**: every value refused, ' +
      'nothing changed; **400**: the request itself is unusable (unknown agency, no values, more than 5,000).',
  })
  @ApiOkResponse({
    type: IndicatorValuesReportDto,
    description: 'Per-value results; some may be rejected.',
    examples: REPORT_EXAMPLES,
  })
  @ApiUnprocessableEntityResponse({
    type: IndicatorValuesReportDto,
    description: 'Every value was refused; nothing changed. The body is an error body with the per-value results.',
    examples: { nothingAccepted: NOTHING_ACCEPTED_EXAMPLE },
  })
  @ApiBadRequestResponse({
    description: 'Unknown agency, no values, more than 5,000 values, or a malformed body.',
    examples: {
      tooMany: {
        summary: 'More than 5,000 values',
        value: {
          statusCode: 400,
          error: 'BAD_REQUEST',
          message: ['values holds 5001 rows; at most 5000 are accepted per request: split the batch'],
        },
      },
      unknownAgency: {
        summary: 'Unknown agency',
        value: {
          statusCode: 400,
          error: 'UNKNOWN_AGENCY',
          message: "unknown agency 'SXYZ': see GET /v1/agencies",
          details: { agencyCode: 'SXYZ' },
        },
      },
    },
  })
  async report(
    @Body() dto: ReportIndicatorValuesDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IndicatorValuesReportDto> {
    const agencyCode = this.submission.reportingAgency(principal, dto.agencyCode);
    const now = this.submission.now();
    const prepared = dto.values.map((row) => prepareRow(agencyCode, row, now));
    this.submission.refuseOutOfScope(agencyCode, prepared, now, 'values');
    const outcomes = await this.submission.submit(agencyCode, 'rest', prepared);
    const results = outcomes.map((outcome, index) => ({ index, ...outcome }));
    const report = { ...tally(outcomes), results };
    return refuseIfNothingAccepted(
      res,
      report,
      `none of the ${outcomes.length} values was accepted: each result says why`,
    );
  }
}
