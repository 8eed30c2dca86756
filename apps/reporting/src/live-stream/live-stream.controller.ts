import { Controller, MessageEvent, Req, Sse, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnonymousReadable } from '@dxhub/auth';
import { type AdmittedStreamRequest, StreamAdmissionGuard, StreamGate } from '@dxhub/http';
import { interval, map, merge, type Observable, takeUntil } from 'rxjs';
import { LiveUpdatesService } from '../live-updates/live-updates.service';

/** How often an idle stream gets a comment-like ping, so proxies keep it open. */
const PING_MS = 15000;

/** The live stream of what the read models changed: the web app's dashboard follows it without reloading. */
@ApiTags('live')
@Controller()
export class LiveStreamController {
  constructor(
    private readonly live: LiveUpdatesService,
    private readonly streams: StreamGate,
  ) {}

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
