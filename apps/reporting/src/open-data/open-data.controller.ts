import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Public } from '@dxhub/auth';
import { IsDhis2Period, INDICATOR_CODE_PATTERN } from '@dxhub/contracts';
import { csvDocument } from '@dxhub/csv';
import { IsOptional, Matches } from 'class-validator';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { ReportingConfig } from '../config/reporting.config';

export class OpenDataQueryDto {
  @ApiPropertyOptional({ example: 'FIBRE_HH' })
  @IsOptional()
  @Matches(INDICATOR_CODE_PATTERN, { message: 'indicator must be an indicator code such as FIBRE_HH' })
  indicator?: string;

  @ApiPropertyOptional({ example: '2024S2' })
  @IsOptional()
  @IsDhis2Period()
  period?: string;
}

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
 * (value null, no approved value left) is left out.
 */
@ApiTags('open data')
@Controller('open-data')
export class OpenDataController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: ReportingConfig,
  ) {}

  @Get('aggregates.json')
  @Public()
  @ApiOperation({ summary: 'Approved figures with provenance links (JSON; public, cacheable, ETag)' })
  @ApiOkResponse({ description: '{ license, generatedAt, rows: [...] }' })
  async json(@Query() query: OpenDataQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const rows = await this.rows(query);
    const body = JSON.stringify({
      title: 'DX Hub — số liệu chuyển đổi số đã phê duyệt / approved digital-transformation figures',
      license: this.config.OPEN_DATA_LICENSE,
      rows,
    });
    this.send(req, res, body, 'application/json; charset=utf-8');
  }

  @Get('aggregates.csv')
  @Public()
  @ApiOperation({ summary: 'Approved figures with provenance links (CSV, UTF-8; public, cacheable, ETag)' })
  @ApiProduces('text/csv')
  async csv(@Query() query: OpenDataQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const rows = await this.rows(query);
    // Names come from agencies and the catalogue: csvDocument neutralises any that would start a formula.
    const body = csvDocument(
      COLUMNS,
      rows.map((r) => COLUMNS.map((c) => r[c])),
    );
    this.send(req, res, body, 'text/csv; charset=utf-8');
  }

  private send(req: Request, res: Response, body: string, type: string): void {
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('ETag', etag);
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', type);
    res.send(body);
  }

  private async rows(query: OpenDataQueryDto): Promise<OpenRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT a.indicator_code, a.org_unit_code, a.org_unit_name, a.period, a.value::float8 AS value, a.value_count,
              a.version::int AS version, a.updated_at, a.event_id, d.definition
       FROM approved_aggregates a
       LEFT JOIN LATERAL (SELECT definition FROM indicator_versions v WHERE v.code = a.indicator_code AND v.active
                          ORDER BY v.effective_from DESC LIMIT 1) d ON true
       WHERE a.value_count > 0 AND ($1::text IS NULL OR a.indicator_code = $1) AND ($2::text IS NULL OR a.period = $2)
       ORDER BY a.indicator_code, a.period, a.org_unit_code`,
      [query.indicator ?? null, query.period ?? null],
    )) as {
      indicator_code: string;
      org_unit_code: string;
      org_unit_name: string;
      period: string;
      value: number | null;
      value_count: number;
      version: number;
      updated_at: Date;
      event_id: string;
      definition: { nameVi?: string; nameEn?: string; unit?: string } | null;
    }[];
    const base = this.config.INDICATORS_PUBLIC_URL.replace(/\/$/, '');
    return rows.map((r) => {
      const q = `indicator=${encodeURIComponent(r.indicator_code)}&orgUnit=${r.org_unit_code}&period=${r.period}`;
      return {
        indicator: r.indicator_code,
        indicatorNameVi: r.definition?.nameVi ?? null,
        indicatorNameEn: r.definition?.nameEn ?? null,
        unit: r.definition?.unit ?? null,
        orgUnit: r.org_unit_code,
        orgUnitName: r.org_unit_name,
        period: r.period,
        value: r.value,
        valueCount: r.value_count,
        version: r.version,
        updatedAt: new Date(r.updated_at).toISOString(),
        sourceEventId: r.event_id,
        provenance: `${base}/v1/aggregates?${q}&status=approved`,
        explain: `${base}/v1/aggregates/explain?${q}`,
      };
    });
  }
}
