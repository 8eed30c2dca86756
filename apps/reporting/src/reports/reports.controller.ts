import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AnonymousReadable, Roles } from '@dxhub/auth';
import type { Response } from 'express';
import { ReportingConfig } from '../config/reporting.config';
import { ExportFormatParams, GenerateReportDto, ReportIdParams } from './dto/generate-report.dto';
import { reportCsv, reportPdf, reportXlsx } from './report-exports';
import type { ReportSnapshot } from './report-snapshot';
import { type ReportSummary, ReportsService } from './reports.service';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly config: ReportingConfig,
  ) {}

  @Post()
  @Roles('programme-office', 'admin')
  @ApiOperation({
    summary: 'Generate a period report now (on demand): a frozen snapshot, announced by dx.report.published',
  })
  @ApiCreatedResponse({ description: 'The snapshot' })
  generate(@Body() body: GenerateReportDto): Promise<ReportSnapshot> {
    return this.reports.generate(body.period, body.orgUnit ?? this.config.REPORT_ORG_UNIT, 'on-demand');
  }

  @Get()
  @AnonymousReadable()
  @ApiOperation({ summary: 'Reports, newest first' })
  @ApiOkResponse({ description: 'Summaries with links' })
  list(): Promise<ReportSummary[]> {
    return this.reports.list();
  }

  @Get(':id')
  @AnonymousReadable()
  @ApiOperation({ summary: 'A report’s frozen snapshot' })
  get(@Param() params: ReportIdParams): Promise<ReportSnapshot> {
    return this.reports.get(params.id);
  }

  @Get(':id/:format')
  @AnonymousReadable()
  @ApiOperation({
    summary: 'A report exported as CSV, XLSX or PDF (Vietnamese, DejaVu Sans embedded, with bar charts)',
  })
  @ApiProduces(...Object.values(CONTENT_TYPES))
  async export(@Param() params: ExportFormatParams, @Res() res: Response): Promise<void> {
    const snapshot = await this.reports.get(params.id);
    const body =
      params.format === 'csv'
        ? reportCsv(snapshot)
        : params.format === 'xlsx'
          ? await reportXlsx(snapshot)
          : await reportPdf(snapshot);
    res.setHeader('Content-Type', CONTENT_TYPES[params.format]);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="dxhub-${snapshot.kind.toLowerCase()}-${snapshot.period}-${snapshot.orgUnit.code}.${params.format}"`,
    );
    res.setHeader('Cache-Control', 'public, max-age=86400, immutable');
    res.send(body);
  }
}
