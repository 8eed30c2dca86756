import { auditRequestIn } from '@dxhub/audit';
import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { EVENT_CATALOG } from '@dxhub/contracts';
import { Roles } from '@dxhub/auth';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { DataSource } from 'typeorm';
import { NOTIFICATION_RULES } from '../rules/notification-rules';
import { Clock } from '@dxhub/calendar';
import { DeliveryWorker } from './delivery.worker';
import { DigestService } from './digest.service';
import { DeliveryQueryDto } from './dto/delivery-query.dto';

export interface DeliveryView {
  id: string;
  eventSource: string;
  eventId: string;
  eventType: string;
  rule: string;
  severity: string;
  recipient: string;
  agencyCode: string;
  channel: string;
  address: string | null;
  subject: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  fallbackOf: string | null;
  createdAt: string;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** Operators' view of the delivery queue and its dead letters (status `failed`), and the re-drive. */
@ApiTags('deliveries')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@ApiForbiddenResponse({ description: 'Rule `role-required`: admin or programme-office.' })
@Roles('admin', 'programme-office')
@Controller('v1')
export class DeliveriesController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly worker: DeliveryWorker,
    private readonly digests: DigestService,
    private readonly clock: Clock,
  ) {}

  @Get('deliveries')
  @ApiOperation({
    summary:
      'Notices per recipient and channel with their delivery state; ?status=failed lists the dead letters with their error',
  })
  async list(@Query() q: DeliveryQueryDto): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
    const limit = q.limit ?? 50;
    const rows: Record<string, never>[] = await this.dataSource.query(
      `SELECT id::text, event_source, event_id, event_type, rule, severity, recipient, agency_code, channel, address, subject, status,
              attempts, max_attempts, next_attempt_at, last_error, sent_at, fallback_of::text, created_at
       FROM notices
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR rule = $2) AND ($3::text IS NULL OR channel = $3)
         AND ($4::text IS NULL OR event_id = $4) AND ($5::bigint IS NULL OR id < $5)
       ORDER BY notices.id DESC LIMIT $6`,
      [q.status ?? null, q.rule ?? null, q.channel ?? null, q.eventId ?? null, q.cursor ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        eventSource: r.event_source,
        eventId: r.event_id,
        eventType: r.event_type,
        rule: r.rule,
        severity: r.severity,
        recipient: r.recipient,
        agencyCode: r.agency_code,
        channel: r.channel,
        address: r.address,
        subject: r.subject,
        status: r.status,
        attempts: r.attempts,
        maxAttempts: r.max_attempts,
        nextAttemptAt: iso(r.next_attempt_at) as string,
        lastError: r.last_error,
        sentAt: iso(r.sent_at),
        fallbackOf: r.fallback_of,
        createdAt: iso(r.created_at) as string,
      })),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  @Post('deliveries/:id/redrive')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a dead letter (status failed) again: a fresh set of tries from now' })
  @ApiNotFoundResponse({ description: 'No such delivery.' })
  @ApiConflictResponse({ description: 'Only a failed delivery can be re-driven.' })
  async redrive(@Param('id') id: string): Promise<{ id: string; status: 'pending' }> {
    if (!/^\d{1,18}$/.test(id))
      throw new DomainException(DomainErrorKind.NOT_FOUND, 'DELIVERY_NOT_FOUND', `no delivery ${id}`);
    await this.dataSource.transaction(async (m) => {
      // TypeORM answers an UPDATE with [rows, affected count].
      const [rows] = (await m.query(
        `WITH target AS (SELECT id, status FROM notices WHERE id = $1 FOR UPDATE)
         UPDATE notices n SET status = CASE WHEN t.status = 'failed' THEN 'pending' ELSE n.status END,
                attempts = CASE WHEN t.status = 'failed' THEN 0 ELSE n.attempts END,
                next_attempt_at = CASE WHEN t.status = 'failed' THEN $2::timestamptz ELSE n.next_attempt_at END
         FROM target t WHERE n.id = t.id RETURNING t.status`,
        [id, this.clock.now().toISOString()],
      )) as [{ status: string }[], number];
      if (rows.length === 0)
        throw new DomainException(DomainErrorKind.NOT_FOUND, 'DELIVERY_NOT_FOUND', `no delivery ${id}`);
      if (rows[0].status !== 'failed') {
        throw new DomainException(
          DomainErrorKind.CONFLICT,
          'DELIVERY_NOT_FAILED',
          `delivery ${id} is ${rows[0].status}; only failed deliveries are re-driven`,
        );
      }
      await auditRequestIn(m, { deliveryId: id });
    });
    this.worker.poke();
    return { id, status: 'pending' };
  }

  @Post('digests/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make today’s digests now (normally at DIGEST_HOUR local time); one per recipient and day' })
  @ApiOkResponse()
  runDigest(): Promise<{ date: string; digests: number; notices: number }> {
    return this.digests.run();
  }

  @Get('rules')
  @ApiOperation({
    summary: 'The notification rules: event type, severity, recipients (agency field and roles) and templates',
  })
  rules(): unknown[] {
    return NOTIFICATION_RULES.map((r) => ({
      id: r.id,
      eventType: r.eventType,
      topic: r.topic,
      severity: r.severity,
      payload: EVENT_CATALOG[r.eventType].payload.name,
      recipients: r.recipients.map((s) => ({
        agencies: s.agencies({}) === '*' ? '*' : 'from the event',
        roles: s.roles,
      })),
      templates: r.templates,
    }));
  }
}
