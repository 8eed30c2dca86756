import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '@dxhub/auth';
import { AuditLogRepository } from './audit-log.repository';
import { AuditQueryDto } from './dto/audit-query.dto';

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  agency: string | null;
  action: string;
  resource: string;
  requestId: string;
  source: string;
  details: Record<string, unknown> | null;
}

/** The service's audit log, newest first, for the programme office. */
@ApiTags('audit')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly auditLog: AuditLogRepository) {}

  @Get()
  @Roles('programme-office', 'admin')
  @ApiOperation({
    summary: 'Accepted writes of this service, newest first (programme-office or admin)',
    description:
      'Filters combine; pages by keyset: pass `nextCursor` as `cursor` for the next page (null on the last). ' +
      'Events accepted together from Kafka are stored as one row and listed one entry each (id `<row>.<n>`).',
  })
  @ApiOkResponse({ description: '`{ data: [...], nextCursor }`' })
  @ApiForbiddenResponse({ description: 'Rule `role-required`.' })
  async list(@Query() q: AuditQueryDto): Promise<{ data: AuditEntryView[]; nextCursor: string | null }> {
    const limit = q.limit ?? 100;
    const rows = await this.auditLog.page({
      agency: q.agency ?? null,
      actor: q.actor ?? null,
      action: q.action ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      before: q.cursor ? entryPosition(q.cursor) : null,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit).map((r) => ({ ...r, at: r.at.toISOString() }));
    return { data: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
  }
}

/** An entry id (`<row id>` or `<row id>.<item>`) as the keyset position it names. */
function entryPosition(entryId: string): { id: number; item: number } {
  const [id, item] = entryId.split('.');
  return { id: Number(id), item: item === undefined ? 0 : Number(item) };
}
