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
import { CurrentPrincipal, type Principal, Roles } from '@dxhub/auth';
import { RejectionCodes } from '@dxhub/contracts';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { CatalogueService } from '../catalogue/catalogue.service';
import { UploadIndicatorValuesDto } from './dto/upload-indicator-values.dto';
import { UploadReportDto } from './dto/upload-report.dto';
import { UploadReportQueryDto } from './dto/upload-report-query.dto';
import { AGENCY_NOTE, type Prepared, prepareRow, refuseIfNothingAccepted, tally } from './prepared-values';
import { buildUploadReport, REPORT_FILE_NAME } from './spreadsheet/report-sheet';
import { MAX_ROWS_PER_REQUEST, XLSX_CONTENT_TYPE } from './spreadsheet/sheet-columns';
import { parseIndicatorValuesSheet } from './spreadsheet/sheet-parser';
import { buildIndicatorValuesTemplate, TEMPLATE_FILE_NAME } from './spreadsheet/template-builder';
import { MAX_XLSX_BYTES, openXlsx } from './spreadsheet/xlsx-file';
import { ValueSubmissionService } from './value-submission.service';

/** The part of a multer file this controller reads (multer keeps uploads in memory: no `dest`). */
interface UploadedXlsx {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

/** Declared types an .xlsx arrives with (browsers send the first; curl and some clients the others). */
const XLSX_UPLOAD_TYPES = new Set([
  XLSX_CONTENT_TYPE,
  'application/octet-stream',
  'application/zip',
  'application/x-zip-compressed',
]);

/**
 * Agency reports as the filled-in Excel template (the template itself, and its upload with a per-row report): every
 * row takes the way a JSON value does (IndicatorValuesController), with the same status codes, and 413 for an upload
 * over 5 MB.
 */
@ApiTags('intake')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token; WWW-Authenticate names what failed.' })
@Controller('v1/indicator-values')
export class IndicatorValuesUploadController {
  private readonly logger = new Logger(IndicatorValuesUploadController.name);

  constructor(
    private readonly submission: ValueSubmissionService,
    private readonly catalogue: CatalogueService,
  ) {}

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
    const agencyCode = this.submission.reportingAgency(principal, dto.agencyCode);
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
    const now = this.submission.now();
    const ids = sheet.rows.map((r) => (r.ok && r.id !== undefined ? r.id : `xlsx:${digest}:${r.row}`));
    const prepared = sheet.rows.map((r, i): Prepared => {
      if (!r.ok) return { ok: false, id: ids[i], code: RejectionCodes.PAYLOAD_INVALID, reason: r.reason };
      return prepareRow(agencyCode, { ...r.payload, id: ids[i] }, now);
    });
    this.submission.refuseOutOfScope(agencyCode, prepared, now, 'rows');
    const outcomes = await this.submission.submit(agencyCode, 'xlsx', prepared);
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
}
