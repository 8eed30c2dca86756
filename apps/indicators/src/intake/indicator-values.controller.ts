import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Logger,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  AccessDeniedError,
  agencyMatchesToken,
  assertAllowed,
  CurrentPrincipal,
  type Principal,
  Roles,
} from '@dxhub/auth';
import {
  agencySource,
  checkEventId,
  checkEventTime,
  type CloudEvent,
  EventTypes,
  IndicatorValueReportedV1,
  type RejectionCode,
  RejectionCodes,
  type RejectionReason,
  validatePayload,
} from '@dxhub/contracts';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { parsePeriod } from '@dxhub/periods';
import type { Response } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { CatalogueService } from '../catalogue/catalogue.service';
import { IndicatorValuesReportDto } from './dto/indicator-values-report.dto';
import { ReportIndicatorValuesDto } from './dto/report-indicator-values.dto';
import { UploadIndicatorValuesDto } from './dto/upload-indicator-values.dto';
import { UploadReportDto } from './dto/upload-report.dto';
import { UploadReportQueryDto } from './dto/upload-report-query.dto';
import { IndicatorIntakeService, type Submission, type SubmissionOutcome } from './indicator-intake.service';
import { reportingScope } from './report-check';
import { buildUploadReport, REPORT_FILE_NAME } from './spreadsheet/report-sheet';
import { MAX_ROWS_PER_REQUEST, XLSX_CONTENT_TYPE } from './spreadsheet/sheet-columns';
import { parseIndicatorValuesSheet } from './spreadsheet/sheet-parser';
import { buildIndicatorValuesTemplate, TEMPLATE_FILE_NAME } from './spreadsheet/template-builder';
import { MAX_XLSX_BYTES, openXlsx } from './spreadsheet/xlsx-file';

/** The part of a multer file this controller reads (multer keeps uploads in memory: no `dest`). */
interface UploadedXlsx {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

/** One value on its way in: a checked event, or the reason it never became one. */
type Prepared =
  | { ok: true; event: CloudEvent<IndicatorValueReportedV1> }
  | { ok: false; id: string | null; code: RejectionCode; reason: string };

type Outcome = SubmissionOutcome['status'];

/** Declared types an .xlsx arrives with (browsers send the first; curl and some clients the others). */
const XLSX_UPLOAD_TYPES = new Set([
  XLSX_CONTENT_TYPE,
  'application/octet-stream',
  'application/zip',
  'application/x-zip-compressed',
]);

const AGENCY_NOTE =
  'Needs the **reporter** role. The reporting agency is the bearer token’s `agency` claim. `agencyCode` in the request is optional ' +
  'and only checked: if it names another agency the request is refused with **403** (rule `agency-matches-token`). An agency ' +
  'reports only indicators it is responsible for (the catalogue’s responsible agency, following successions) and only for org ' +
  'units at or under those assigned to it: a value outside them refuses the **whole request with 403** naming the rule ' +
  '(`agency-reports-own-indicators`, `agency-reports-own-org-units`) and listing the values in `details.denied`. Writes are ' +
  'rate-limited per agency (**429** with Retry-After).';

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

/** At most this many denied values are listed in a 403 body. */
const MAX_DENIED_LISTED = 100;

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
 * Agency reports over HTTP: a JSON batch, or the filled-in Excel template. Every value takes the same path
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
  private readonly logger = new Logger(IndicatorValuesController.name);

  constructor(
    private readonly intake: IndicatorIntakeService,
    private readonly catalogue: CatalogueService,
  ) {}

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
    const agencyCode = this.reportingAgency(principal, dto.agencyCode);
    const now = new Date();
    const prepared = dto.values.map((row) => prepareRow(agencyCode, row, now));
    this.refuseOutOfScope(agencyCode, prepared, now, 'values');
    const outcomes = await this.submit(agencyCode, 'rest', prepared);
    const results = outcomes.map((outcome, index) => ({ index, ...outcome }));
    const report = { ...tally(outcomes), results };
    return refuseIfNothingAccepted(
      res,
      report,
      `none of the ${outcomes.length} values was accepted: each result says why`,
    );
  }

  @Get('template.xlsx')
  @ApiOperation({
    summary: 'The Excel template agencies fill in',
    description:
      'Sheet 1 “Số liệu - Values”: one row per value (bilingual headers, a note on each); sheet 2 “Chỉ tiêu - Indicators”: the ' +
      'catalogue with names, units, aggregation, period type and, for RATIO indicators, what the numerator and denominator count; ' +
      'sheet 3 “Kỳ báo cáo - Periods”: the period notation. Upload the filled file to POST /v1/indicator-values/upload.',
  })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The .xlsx template.', schema: { type: 'string', format: 'binary' } })
  async template(): Promise<StreamableFile> {
    const bytes = await buildIndicatorValuesTemplate(this.catalogue.allIndicators().map((i) => i.definition));
    return new StreamableFile(bytes, {
      type: XLSX_CONTENT_TYPE,
      disposition: `attachment; filename="${TEMPLATE_FILE_NAME}"`,
      length: bytes.length,
    });
  }

  @Post('upload')
  @Roles('reporter')
  @HttpCode(HttpStatus.OK)
  @ApiForbiddenResponse({
    description:
      'Not a reporter, another agency named, or a row outside the agency’s indicators or org units; `rule` says which.',
  })
  @ApiTooManyRequestsResponse({ description: 'The agency’s write budget is used up; see Retry-After.' })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_XLSX_BYTES, files: 1, fields: 10 } }))
  @ApiOperation({
    summary: 'Upload the filled Excel template; get a per-row report',
    description:
      `${AGENCY_NOTE}\n\nThe first sheet is read: a header row (the template’s, or the column keys or either title alone) in its first ` +
      `10 rows, then up to ${MAX_ROWS_PER_REQUEST} rows of values. Each row goes the way a JSON value does; a row whose cells cannot ` +
      'be read (text in a number column, an empty required cell) is refused with the row, the column and the cell named. A row’s ' +
      'event id is its id cell, else one made from the file’s SHA-256 and the row number, so the same file uploaded again counts ' +
      'once. `?format=xlsx` returns the workbook with a status and a reason column instead of JSON (always 200, counts in the ' +
      '`X-DX-Accepted`, `X-DX-Duplicates` and `X-DX-Rejected` headers). JSON: **200** at least one row applied now or before; ' +
      '**422** every row refused; **400** not an .xlsx, unknown agency, no header, no rows or more than 5,000; **413** over 5 MB.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        agencyCode: {
          type: 'string',
          example: 'STTTT',
          description:
            'Optional: the agency comes from the bearer token; if given it must be the same (else 403 `agency-matches-token`)',
        },
        file: {
          type: 'string',
          format: 'binary',
          description: `The filled template (.xlsx, at most ${MAX_XLSX_BYTES / 1024 / 1024} MB)`,
        },
      },
    },
  })
  @ApiProduces('application/json', XLSX_CONTENT_TYPE)
  @ApiOkResponse({
    type: UploadReportDto,
    description: 'Per-row report; some rows may be rejected.',
    examples: {
      mixed: {
        summary: 'Some rows accepted, one refused (200)',
        value: {
          sheet: 'Số liệu - Values',
          ignoredColumns: [],
          accepted: 1,
          duplicates: 0,
          rejected: 1,
          rows: [
            { row: 2, status: 'accepted', id: 'xlsx:9f86d0…:2' },
            {
              row: 3,
              status: 'rejected',
              reason: 'row 3, column A (Mã chỉ tiêu / Indicator code) is empty',
              id: 'xlsx:9f86d0…:3',
            },
          ],
        },
      },
    },
  })
  @ApiUnprocessableEntityResponse({ type: UploadReportDto, description: 'Every row was refused; nothing changed.' })
  @ApiBadRequestResponse({
    description: 'Not an .xlsx workbook, unknown agency, no header row, no rows, more than 5,000 rows.',
    examples: {
      notXlsx: {
        summary: 'A CSV sent instead',
        value: {
          statusCode: 400,
          error: 'NOT_AN_XLSX_WORKBOOK',
          message: "the file 'values.csv' was sent as text/csv: only .xlsx workbooks are accepted",
        },
      },
    },
  })
  @ApiPayloadTooLargeResponse({ description: 'The file is over 5 MB.' })
  async upload(
    @UploadedFile() file: UploadedXlsx | undefined,
    @Body() dto: UploadIndicatorValuesDto,
    @Query() query: UploadReportQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UploadReportDto | StreamableFile> {
    if (!file) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'FILE_REQUIRED',
        'send the filled template as the multipart field `file`',
      );
    }
    const agencyCode = this.reportingAgency(principal, dto.agencyCode);
    const declared = file.mimetype.split(';')[0].trim().toLowerCase();
    if (!XLSX_UPLOAD_TYPES.has(declared)) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'NOT_AN_XLSX_WORKBOOK',
        `the file '${file.originalname}' was sent as ${declared}: only .xlsx workbooks (${XLSX_CONTENT_TYPE}) are accepted`,
      );
    }
    const workbook = await openXlsx(file.buffer);
    const sheet = parseIndicatorValuesSheet(workbook);

    // The same file uploaded again gives the same ids, so its rows count once.
    const digest = createHash('sha256').update(file.buffer).digest('hex');
    const now = new Date();
    const ids = sheet.rows.map((r) => (r.ok && r.id !== undefined ? r.id : `xlsx:${digest}:${r.row}`));
    const prepared = sheet.rows.map((r, i): Prepared => {
      if (!r.ok) return { ok: false, id: ids[i], code: RejectionCodes.PAYLOAD_INVALID, reason: r.reason };
      return prepareRow(agencyCode, { ...r.payload, id: ids[i] }, now);
    });
    this.refuseOutOfScope(agencyCode, prepared, now, 'rows');
    const outcomes = await this.submit(agencyCode, 'xlsx', prepared);
    const rows = outcomes.map((outcome, i) => ({
      row: sheet.rows[i].row,
      status: outcome.status,
      reason: outcome.reason,
      id: ids[i],
    }));
    const counts = tally(outcomes);
    this.logger.log({
      msg: 'spreadsheet intake',
      agencyCode,
      file: file.originalname,
      sha256: digest,
      rows: rows.length,
      ...counts,
    });

    if (query.format === 'xlsx') {
      const bytes = await buildUploadReport(workbook, sheet.headerRow, rows);
      res.setHeader('X-DX-Accepted', String(counts.accepted));
      res.setHeader('X-DX-Duplicates', String(counts.duplicates));
      res.setHeader('X-DX-Rejected', String(counts.rejected));
      return new StreamableFile(bytes, {
        type: XLSX_CONTENT_TYPE,
        disposition: `attachment; filename="${REPORT_FILE_NAME}"`,
        length: bytes.length,
      });
    }
    const report = { sheet: sheet.sheetName, ignoredColumns: sheet.ignoredColumns, ...counts, rows };
    return refuseIfNothingAccepted(res, report, `none of the ${rows.length} rows was accepted: each row says why`);
  }

  /** The token's agency; an agencyCode in the request must name the same one. */
  private reportingAgency(principal: Principal, claimed: string | undefined): string {
    assertAllowed(agencyMatchesToken(principal, claimed));
    return this.knownAgency(principal.agency);
  }

  /**
   * The access rules decide for the request as a whole: one value outside the agency's indicators or org
   * units refuses all of them with 403 (the rule of the first), rather than applying the rest — a client
   * sending another agency's figures has a wrong setup, not a bad row. Values the catalogue check would
   * refuse anyway (unknown indicator or unit) are left to it, with their own reasons.
   */
  private refuseOutOfScope(agencyCode: string, prepared: Prepared[], now: Date, what: 'values' | 'rows'): void {
    const denied: { index: number; rule: string; reason: string }[] = [];
    prepared.forEach((p, index) => {
      if (!p.ok) return;
      const data = p.event.data;
      const period = parsePeriod(data.period);
      const unit = period && this.catalogue.orgUnitOn(data.orgUnitCode, period.end);
      if (!period || !unit || !this.catalogue.indicatorOn(data.indicatorCode, period.end)) return;
      const decision = reportingScope(
        this.catalogue,
        agencyCode,
        data.indicatorCode,
        data.orgUnitCode,
        unit.id,
        period.end,
        now,
      );
      if (!decision.allowed) denied.push({ index, rule: decision.rule, reason: decision.reason });
    });
    if (denied.length === 0) return;
    throw new AccessDeniedError(
      denied[0].rule,
      `${denied.length} of ${prepared.length} ${what} ${denied.length === 1 ? 'is' : 'are'} outside agency ${agencyCode}'s responsibilities, so none was applied; first: ${denied[0].reason}`,
      { denied: denied.slice(0, MAX_DENIED_LISTED), deniedCount: denied.length },
    );
  }

  private knownAgency(agencyCode: string): string {
    if (!this.catalogue.agencyCodes().includes(agencyCode)) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'UNKNOWN_AGENCY',
        `unknown agency '${agencyCode}': see GET /v1/agencies`,
        { agencyCode },
      );
    }
    return agencyCode;
  }

  /** Submits the prepared values through the one intake path; results in input order, with the id each used. */
  private async submit(
    agencyCode: string,
    channel: 'rest' | 'xlsx',
    prepared: Prepared[],
  ): Promise<{ status: Outcome; reason?: string; id: string | null }[]> {
    const submissions: Submission[] = prepared.flatMap((p) => (p.ok ? [{ agencyCode, channel, event: p.event }] : []));
    const refusedEarlier = prepared.flatMap((p) =>
      p.ok ? [] : [{ agencyCode, channel, eventId: p.id, code: p.code, reason: p.reason }],
    );
    // Also a request with no usable value goes through: its refusals are logged and the agency told.
    const outcomes = await this.intake.submit(submissions, refusedEarlier);
    // The same id twice in one request is stored once, but submit() reports every copy of a stored id as
    // accepted; here the copies after the first accepted one are what they are, duplicates.
    const acceptedIds = new Set<string>();
    let next = 0;
    return prepared.map((p) => {
      if (!p.ok) return { status: 'rejected', reason: p.reason, id: p.id };
      const outcome = outcomes[next++];
      if (outcome.status !== 'accepted') return { ...outcome, id: p.event.id };
      if (acceptedIds.has(p.event.id)) return { status: 'duplicate', id: p.event.id };
      acceptedIds.add(p.event.id);
      return { status: 'accepted', id: p.event.id };
    });
  }
}

/**
 * Turns one JSON value into a checked CloudEvent: the envelope fields (`id`, `reportedAt`) are taken off
 * and the rest must pass the event contract exactly as a Kafka event's body does (unknown properties named).
 */
function prepareRow(agencyCode: string, row: unknown, now: Date): Prepared {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return { ok: false, id: null, code: RejectionCodes.PAYLOAD_INVALID, reason: 'a value must be a JSON object' };
  }
  const { id, reportedAt, ...payload } = row as Record<string, unknown>;
  const problems: RejectionReason[] = [];
  // The envelope rules a Kafka record meets, for the envelope fields of a REST value.
  const idProblem = id === undefined ? null : checkEventId(id);
  const timeProblem = checkEventTime(reportedAt, now, 'reportedAt');
  for (const problem of [idProblem, timeProblem]) if (problem) problems.push(problem);
  const validId = id !== undefined && !idProblem ? (id as string) : null;
  const checked = validatePayload(IndicatorValueReportedV1, payload);
  if (!checked.ok) problems.push({ code: RejectionCodes.PAYLOAD_INVALID, message: checked.reason });
  const eventId = validId;
  if (!checked.ok || problems.length > 0) {
    // The first problem's code, as a Kafka record's envelope is refused by its first broken rule.
    return { ok: false, id: eventId, code: problems[0].code, reason: problems.map((p) => p.message).join('; ') };
  }
  return {
    ok: true,
    event: {
      specversion: '1.0',
      id: eventId ?? randomUUID(),
      source: agencySource(agencyCode),
      type: EventTypes.INDICATOR_VALUE_REPORTED,
      time: typeof reportedAt === 'string' ? reportedAt : now.toISOString(),
      datacontenttype: 'application/json',
      data: checked.payload,
    },
  };
}

function tally(outcomes: { status: Outcome }[]): { accepted: number; duplicates: number; rejected: number } {
  const count = (status: Outcome) => outcomes.filter((o) => o.status === status).length;
  return { accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected') };
}

/**
 * 422 when every value was refused: nothing changed, and a client that only looks at the status must not
 * take it for success. The body stays the per-value report, with the fields of an error body added.
 * All duplicates is a retry of something applied, so it stays 200.
 */
function refuseIfNothingAccepted<T extends { accepted: number; duplicates: number; rejected: number }>(
  res: Response,
  report: T,
  message: string,
): T & { statusCode?: number; error?: string; message?: string } {
  if (report.rejected === 0 || report.accepted > 0 || report.duplicates > 0) return report;
  res.status(HttpStatus.UNPROCESSABLE_ENTITY);
  return { statusCode: HttpStatus.UNPROCESSABLE_ENTITY, error: 'NO_VALUES_ACCEPTED', message, ...report };
}
