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
import { type DeliveryRow, NoticesRepository } from '../notices/notices.repository';
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

const toDeliveryView = (r: DeliveryRow): DeliveryView => ({
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
  nextAttemptAt: r.next_attempt_at.toISOString(),
  lastError: r.last_error,
  sentAt: r.sent_at ? r.sent_at.toISOString() : null,
  fallbackOf: r.fallback_of,
  createdAt: r.created_at.toISOString(),
});

/** Operators' view of the delivery queue and its dead letters (status `failed`), and the re-drive. */
@ApiTags('deliveries')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@ApiForbiddenResponse({ description: 'Rule `role-required`: admin or programme-office.' })
@Roles('admin', 'programme-office')
@Controller('v1')
export class DeliveriesController {
  constructor(
    // Only to open the re-drive's transaction: every statement is the notices repository's.
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly notices: NoticesRepository,
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
    const rows = await this.notices.deliveries(
      {
        status: q.status ?? null,
        rule: q.rule ?? null,
        channel: q.channel ?? null,
        eventId: q.eventId ?? null,
        cursor: q.cursor ?? null,
      },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map(toDeliveryView),
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
      const status = await this.notices.redrive(m, id, this.clock.now());
      if (status === undefined)
        throw new DomainException(DomainErrorKind.NOT_FOUND, 'DELIVERY_NOT_FOUND', `no delivery ${id}`);
      if (status !== 'failed') {
        throw new DomainException(
          DomainErrorKind.CONFLICT,
          'DELIVERY_NOT_FAILED',
          `delivery ${id} is ${status}; only failed deliveries are re-driven`,
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
