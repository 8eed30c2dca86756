import { Controller, Get, HttpCode, type MessageEvent, Param, Post, Query, Req, Sse, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@dxhub/auth';
import { type AdmittedStreamRequest, StreamAdmissionGuard, StreamGate } from '@dxhub/http';
import { interval, map, merge, type Observable } from 'rxjs';
import { InboxQueryDto } from './dto/inbox-query.dto';
import { InboxHub } from './inbox.hub';
import { type InboxPage, InboxService } from './inbox.service';

/** The in-app inbox: the caller's own notices (token `sub` and `agency`), newest first. */
@ApiTags('inbox')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@Controller('v1/inbox')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly hub: InboxHub,
    private readonly streams: StreamGate,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My notices, newest first, a page at a time, with my unread count' })
  @ApiOkResponse({ description: '{ items, unreadCount, nextCursor }' })
  list(@CurrentPrincipal() me: Principal, @Query() query: InboxQueryDto): Promise<InboxPage> {
    return this.inbox.page(me, {
      limit: query.limit ?? 20,
      cursor: query.cursor ?? null,
      unreadOnly: query.unread === true,
    });
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark one of my notices read (idempotent)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such notice in my inbox.' })
  markRead(@CurrentPrincipal() me: Principal, @Param('id') id: string): Promise<void> {
    return this.inbox.markRead(me, id);
  }

  @Post('read-all')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark all my notices read' })
  markAllRead(@CurrentPrincipal() me: Principal): Promise<void> {
    return this.inbox.markAllRead(me);
  }

  @Sse('stream')
  @ApiOperation({
    summary: 'Server-sent events: `notice` for each new notice in my inbox, `ping` every 25 s',
    description:
      'At most SSE_STREAMS_PER_USER streams per user (429) and SSE_STREAMS_TOTAL in all (503); the stream ends when the token expires.',
  })
  @UseGuards(StreamAdmissionGuard)
  stream(@CurrentPrincipal() me: Principal, @Req() req: AdmittedStreamRequest): Observable<MessageEvent> {
    return this.streams.hold(
      req.streamPlace,
      me.expiresAt,
      merge(
        this.hub
          .for(me.sub, me.agency)
          .pipe(map((u): MessageEvent => ({ type: 'notice', id: u.item.id, data: u.item }))),
        interval(25000).pipe(map((): MessageEvent => ({ type: 'ping', data: '' }))),
      ),
    );
  }
}
