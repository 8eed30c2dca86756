import { auditRequestIn } from '@dxhub/audit';
import {
  Controller,
  Get,
  HttpCode,
  Inject,
  type MessageEvent,
  Param,
  Post,
  Query,
  Req,
  Sse,
  UseGuards,
} from '@nestjs/common';
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
import {
  type AdmittedStreamRequest,
  DomainErrorKind,
  DomainException,
  StreamAdmissionGuard,
  StreamGate,
} from '@dxhub/http';
import { interval, map, merge, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { InboxQueryDto } from './dto/inbox-query.dto';
import { InboxHub } from './inbox.hub';
import { type InboxItem, type InboxRow, toInboxItem } from './inbox.repository';

/** The in-app inbox: the caller's own notices (token `sub` and `agency`), newest first. */
@ApiTags('inbox')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@Controller('v1/inbox')
export class InboxController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly hub: InboxHub,
    private readonly streams: StreamGate,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My notices, newest first, a page at a time, with my unread count' })
  @ApiOkResponse({ description: '{ items, unreadCount, nextCursor }' })
  async list(
    @CurrentPrincipal() me: Principal,
    @Query() query: InboxQueryDto,
  ): Promise<{ items: InboxItem[]; unreadCount: number; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const rows: InboxRow[] = await this.dataSource.query(
      `SELECT id::text, rule, severity, subject, body, event_type, data, created_at, read_at FROM notices
       WHERE channel = 'inbox' AND status = 'sent' AND recipient = $1 AND agency_code = $2
         AND ($3::bigint IS NULL OR id < $3) AND (NOT $4 OR read_at IS NULL)
       ORDER BY notices.id DESC LIMIT $5`,
      [me.sub, me.agency, query.cursor ?? null, query.unread === true, limit + 1],
    );
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM notices WHERE channel = 'inbox' AND status = 'sent' AND recipient = $1 AND agency_code = $2 AND read_at IS NULL`,
      [me.sub, me.agency],
    )) as { count: number }[];
    const page = rows.slice(0, limit);
    return {
      items: page.map(toInboxItem),
      unreadCount: count,
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark one of my notices read (idempotent)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such notice in my inbox.' })
  async markRead(@CurrentPrincipal() me: Principal, @Param('id') id: string): Promise<void> {
    // TypeORM answers an UPDATE with [rows, affected count].
    if (!/^\d{1,18}$/.test(id))
      throw new DomainException(DomainErrorKind.NOT_FOUND, 'NOTICE_NOT_FOUND', `no notice ${id} in your inbox`);
    await this.dataSource.transaction(async (m) => {
      const [, updated] = (await m.query(
        `UPDATE notices SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND channel = 'inbox' AND status = 'sent' AND recipient = $2 AND agency_code = $3 RETURNING id`,
        [id, me.sub, me.agency],
      )) as [unknown[], number];
      if (updated === 0)
        throw new DomainException(DomainErrorKind.NOT_FOUND, 'NOTICE_NOT_FOUND', `no notice ${id} in your inbox`);
      await auditRequestIn(m, { noticeId: id });
    });
  }

  @Post('read-all')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark all my notices read' })
  async markAllRead(@CurrentPrincipal() me: Principal): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [, marked] = (await m.query(
        `UPDATE notices SET read_at = now() WHERE channel = 'inbox' AND status = 'sent' AND recipient = $1 AND agency_code = $2 AND read_at IS NULL`,
        [me.sub, me.agency],
      )) as [unknown[], number];
      await auditRequestIn(m, { marked });
    });
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
