import {
  Controller,
  Get,
  Header,
  MessageEvent,
  NotFoundException,
  Param,
  Req,
  Res,
  Sse,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnonymousReadable, Public } from '@dxhub/auth';
import { type AdmittedStreamRequest, StreamAdmissionGuard, StreamGate } from '@dxhub/http';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { interval, map, merge, type Observable, takeUntil } from 'rxjs';
import { ReportingConfig } from '../config/reporting.config';
import { LiveUpdatesService } from '../live-updates/live-updates.service';
import { repoFile } from '../repo-file';

/** How often an idle stream gets a comment-like ping, so proxies keep it open. */
const PING_MS = 15000;

/** The page's own files beside index.html, and their content types: nothing else is served from its folder. */
const ASSETS: Record<string, string> = {
  'dashboard.css': 'text/css; charset=utf-8',
  'sign-in.js': 'text/javascript; charset=utf-8',
  'text.js': 'text/javascript; charset=utf-8',
  'sparkline.js': 'text/javascript; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
};

const assetFile = (name: string) => readFileSync(repoFile(`apps/reporting/assets/dashboard/${name}`), 'utf8');

/** Text safe inside a double-quoted HTML attribute. */
const attribute = (value: string) => value.replace(/[^\w:/.@-]/g, '');

/**
 * The dashboard page (static HTML, no build step) and the live stream it listens to. With
 * DASHBOARD_OIDC_ISSUER and DASHBOARD_OIDC_CLIENT_ID the page signs people in at the issuer (authorization code
 * with PKCE), refreshes their token while the session lasts and signs them out; otherwise it reads the
 * anonymous-readable endpoints (AUTH_ANONYMOUS_READ=true) or takes a development token as `/dashboard#token=<jwt>`.
 */
@ApiTags('dashboard')
@Controller()
export class DashboardController {
  private page?: string;
  private readonly assets = new Map<string, string>();

  constructor(
    private readonly live: LiveUpdatesService,
    private readonly config: ReportingConfig,
    private readonly streams: StreamGate,
  ) {}

  @Get('dashboard')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  dashboard(): string {
    // The settings the page needs: where the indicators service's explanations are, and where people sign in.
    this.page ??= assetFile('index.html').replace(
      'data-indicators-url=""',
      [
        `data-indicators-url="${attribute(this.config.INDICATORS_PUBLIC_URL)}"`,
        `data-oidc-issuer="${attribute(this.config.DASHBOARD_OIDC_ISSUER)}"`,
        `data-oidc-client-id="${attribute(this.config.DASHBOARD_OIDC_CLIENT_ID)}"`,
      ].join(' '),
    );
    return this.page;
  }

  /** The page's stylesheet and scripts (dashboard/dashboard.css, dashboard/dashboard.js, …). */
  @Get('dashboard/:asset')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Cache-Control', 'no-cache')
  dashboardAsset(@Param('asset') asset: string, @Res({ passthrough: true }) res: Response): string {
    const type = Object.hasOwn(ASSETS, asset) ? ASSETS[asset] : undefined;
    if (!type) throw new NotFoundException(`no dashboard file '${asset}'`);
    res.type(type);
    let text = this.assets.get(asset);
    if (text === undefined) this.assets.set(asset, (text = assetFile(asset)));
    return text;
  }

  @Sse('v1/stream')
  @AnonymousReadable()
  @ApiOperation({
    summary: 'Server-sent events: what the read models changed, after each committed batch',
    description:
      'Each event is JSON: `{kind: "aggregates", aggregates: [{indicatorCode, orgUnitCode, period, value, version}]}`, `{kind: "catalogue"}`, `{kind: "scores", periods: [...]}` (DTI scores changed), `{kind: "report", reportId}`, or `{kind: "ping"}`. ' +
      'At most SSE_STREAMS_PER_USER streams per user (429) and SSE_STREAMS_TOTAL in all (503); the stream ends when the token expires.',
  })
  @ApiOkResponse({ description: 'text/event-stream' })
  @UseGuards(StreamAdmissionGuard)
  stream(@Req() req: AdmittedStreamRequest): Observable<MessageEvent> {
    return this.streams.hold(
      req.streamPlace,
      req.principal?.expiresAt,
      merge(
        this.live.updates().pipe(map((update) => ({ data: update }))),
        interval(PING_MS).pipe(map(() => ({ data: { kind: 'ping' } }))),
      ).pipe(takeUntil(this.live.closed$)),
    );
  }
}
