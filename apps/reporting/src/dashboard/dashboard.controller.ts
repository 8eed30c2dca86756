import { Controller, Get, Header, MessageEvent, Req, Sse, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnonymousReadable, Public } from '@dxhub/auth';
import { type AdmittedStreamRequest, StreamAdmissionGuard, StreamGate } from '@dxhub/http';
import { readFileSync } from 'node:fs';
import { interval, map, merge, type Observable, takeUntil } from 'rxjs';
import { ReportingConfig } from '../config/reporting.config';
import { LiveUpdatesService } from '../live-updates/live-updates.service';
import { repoFile } from '../repo-file';

/** How often an idle stream gets a comment-like ping, so proxies keep it open. */
const PING_MS = 15000;

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
    this.page ??= readFileSync(repoFile('apps/reporting/assets/dashboard/index.html'), 'utf8').replace(
      'data-indicators-url=""',
      [
        `data-indicators-url="${attribute(this.config.INDICATORS_PUBLIC_URL)}"`,
        `data-oidc-issuer="${attribute(this.config.DASHBOARD_OIDC_ISSUER)}"`,
        `data-oidc-client-id="${attribute(this.config.DASHBOARD_OIDC_CLIENT_ID)}"`,
      ].join(' '),
    );
    return this.page;
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
