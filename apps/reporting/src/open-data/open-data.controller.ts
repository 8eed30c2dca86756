import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@dxhub/auth';
import { csvRecord } from '@dxhub/csv';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { type ApprovedKey, AggregatesRepository } from '../aggregates/aggregates.repository';
import { ReportingConfig } from '../config/reporting.config';
import { OpenDataQueryDto } from './dto/open-data-query.dto';

interface OpenRow {
  indicator: string;
  indicatorNameVi: string | null;
  indicatorNameEn: string | null;
  unit: string | null;
  orgUnit: string;
  orgUnitName: string;
  period: string;
  value: number | null;
  valueCount: number;
  version: number;
  updatedAt: string;
  sourceEventId: string;
  provenance: string;
  explain: string;
}

/** Rows read and written per page: the memory an export of any size costs. */
const PAGE_ROWS = 1000;

const COLUMNS: (keyof OpenRow)[] = [
  'indicator',
  'indicatorNameVi',
  'indicatorNameEn',
  'unit',
  'orgUnit',
  'orgUnitName',
  'period',
  'value',
  'valueCount',
  'version',
  'updatedAt',
  'sourceEventId',
  'provenance',
  'explain',
];

/**
 * Open data: the approved figures as a public, cacheable, read-only feed in JSON and CSV (no token,
 * whatever AUTH_ANONYMOUS_READ says). Only `dx.indicator-aggregate.approved` figures are served — values
 * still pending approval or returned to their agency are not published. Each row links to its
 * provenance: the event it came from, the indicators service's approved-only aggregate, and its
 * explanation down to the agencies' reports. An aggregate whose approved values were all withdrawn
 * (value null, no approved value left) is left out. Rows are ordered by indicator, org unit and period, and
 * streamed a page at a time.
 */
@ApiTags('open data')
@Controller('open-data')
export class OpenDataController {
  constructor(
    private readonly aggregates: AggregatesRepository,
    private readonly config: ReportingConfig,
  ) {}

  @Get('aggregates.json')
  @Public()
  @ApiOperation({ summary: 'Approved figures with provenance links (JSON; public, cacheable, ETag; streamed)' })
  @ApiOkResponse({ description: '{ license, generatedAt, rows: [...] }' })
  async json(@Query() query: OpenDataQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const head = JSON.stringify({
      title: 'DX Hub — số liệu chuyển đổi số đã phê duyệt / approved digital-transformation figures',
      license: this.config.OPEN_DATA_LICENSE,
      rows: [],
    }).slice(0, -2);
    let first = true;
    await this.stream(req, res, query, 'application/json; charset=utf-8', {
      start: head,
      row: (r) => {
        const text = `${first ? '' : ','}${JSON.stringify(r)}`;
        first = false;
        return text;
      },
      end: ']}',
    });
  }

  @Get('aggregates.csv')
  @Public()
  @ApiOperation({ summary: 'Approved figures with provenance links (CSV, UTF-8; public, cacheable, ETag; streamed)' })
  @ApiProduces('text/csv')
  async csv(@Query() query: OpenDataQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    // Names come from agencies and the catalogue: csvRecord neutralises any that would start a formula.
    await this.stream(req, res, query, 'text/csv; charset=utf-8', {
      start: `${csvRecord(COLUMNS)}\r\n`,
      row: (r) => `${csvRecord(COLUMNS.map((c) => r[c]))}\r\n`,
      end: '',
    });
  }

  /**
   * Writes the rows a page at a time (keyset over the primary key), waiting while the client is slow to read, so
   * an export of every figure costs the service one page of memory. The ETag is a fingerprint of what the export
   * would hold (the rows' count and versions, the catalogue's revisions), computed before the first byte.
   */
  private async stream(
    req: Request,
    res: Response,
    query: OpenDataQueryDto,
    type: string,
    format: { start: string; row: (r: OpenRow) => string; end: string },
  ): Promise<void> {
    const etag = await this.fingerprint(query, type);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('ETag', etag);
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', type);
    let closed = false;
    res.once('close', () => (closed = true));
    const write = async (text: string) => {
      if (text !== '' && !res.write(text) && !closed) await new Promise((resolve) => res.once('drain', resolve));
    };
    await write(format.start);
    let after: ApprovedKey | null = null;
    while (!closed) {
      const page = await this.page(query, after);
      for (const row of page.rows) await write(format.row(row));
      if (page.last === null) break;
      after = page.last;
    }
    await write(format.end);
    res.end();
  }

  private async fingerprint(query: OpenDataQueryDto, type: string): Promise<string> {
    const f = await this.aggregates.approvedFingerprint(query);
    const base = this.config.INDICATORS_PUBLIC_URL;
    const key = [type, this.config.OPEN_DATA_LICENSE, base, f.n, f.versions, f.latest, f.catalogue].join('|');
    return `"${createHash('sha256').update(key).digest('base64url').slice(0, 32)}"`;
  }

  private async page(
    query: OpenDataQueryDto,
    after: ApprovedKey | null,
  ): Promise<{ rows: OpenRow[]; last: ApprovedKey | null }> {
    const rows = await this.aggregates.approvedPage(query, after, PAGE_ROWS);
    const base = this.config.INDICATORS_PUBLIC_URL.replace(/\/$/, '');
    const last = rows.length === PAGE_ROWS ? rows[rows.length - 1] : undefined;
    return {
      last: last ? [last.indicatorCode, last.orgUnitCode, last.period] : null,
      rows: rows.map((r) => {
        const q = `indicator=${encodeURIComponent(r.indicatorCode)}&orgUnit=${r.orgUnitCode}&period=${r.period}`;
        return {
          indicator: r.indicatorCode,
          indicatorNameVi: r.definition?.nameVi ?? null,
          indicatorNameEn: r.definition?.nameEn ?? null,
          unit: r.definition?.unit ?? null,
          orgUnit: r.orgUnitCode,
          orgUnitName: r.orgUnitName,
          period: r.period,
          value: r.value,
          valueCount: r.valueCount,
          version: r.version,
          updatedAt: r.updatedAt.toISOString(),
          sourceEventId: r.eventId,
          provenance: `${base}/v1/aggregates?${q}&status=approved`,
          explain: `${base}/v1/aggregates/explain?${q}`,
        };
      }),
    };
  }
}
