import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, ROLES, Roles } from '@dxhub/auth';
import { parseRfc3339 } from '@dxhub/contracts';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { RejectionsPageDto } from './dto/rejections-page.dto';
import { RejectionsQueryDto } from './dto/rejections-query.dto';
import {
  decodeRejectionCursor,
  RejectionsReader,
  REJECTIONS_DEFAULT_LIMIT,
  rejectionsAgency,
  type RejectionsPage,
} from './rejection-query';

/** The service's rejection log, for the agency whose events it refused. */
@ApiTags('rejections')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token; WWW-Authenticate names what failed.' })
@Controller('v1/rejections')
export class RejectionsController {
  constructor(private readonly rejections: RejectionsReader) {}

  @Get()
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'Events of an agency this service refused, with the reason, newest first',
    description:
      'Every event the service dead-lettered from the agency’s Kafka topics (with topic, partition and offset) and every ' +
      'value its REST or spreadsheet intake refused (channel `rest` or `xlsx`), each with a stable `reasonCode` and a ' +
      '`reason` to act on. The agency is the token’s; programme-office and admin may name another with `agency`. ' +
      'Filters combine (`from` and `to` inclusive). Pages by keyset: pass `nextCursor` as `cursor` (null on the last page).',
  })
  @ApiOkResponse({
    type: RejectionsPageDto,
    examples: {
      page: {
        summary: 'A future ce_time and an unreadable body',
        value: {
          items: [
            {
              id: '1043',
              channel: 'kafka',
              topic: 'dx.agency.SKHCN.indicator-values',
              partition: 0,
              offset: '5120',
              eventId: 'skhcn-2026S2-bts-815',
              eventType: 'dx.indicator-value.reported',
              reasonCode: 'time-in-future',
              reason: "time '9999-01-01T00:00:00Z' is more than 5 minutes ahead of the platform's clock",
              rejectedAt: '2026-11-27T03:04:05.000Z',
            },
            {
              id: '1042',
              channel: 'kafka',
              topic: 'dx.agency.SKHCN.indicator-values',
              partition: 0,
              offset: '5119',
              eventId: null,
              eventType: null,
              reasonCode: 'body-not-json',
              reason: 'the body is not JSON: Unexpected token',
              rejectedAt: '2026-11-27T03:04:05.000Z',
            },
          ],
          nextCursor: null,
        },
      },
    },
  })
  @ApiBadRequestResponse({
    description: 'A query parameter that cannot be read, `from` after `to`, or a cursor this API did not make.',
    examples: {
      badTime: {
        summary: 'A time without its offset',
        value: {
          statusCode: 400,
          error: 'BAD_REQUEST',
          message: [
            "from must be an RFC 3339 time with its offset, such as 2026-11-27T08:00:00+07:00, got '2026-11-27'",
          ],
        },
      },
    },
  })
  @ApiForbiddenResponse({ description: 'Another agency named by a caller who is not programme-office or admin.' })
  async list(@Query() q: RejectionsQueryDto, @CurrentPrincipal() principal: Principal): Promise<RejectionsPage> {
    const agency = rejectionsAgency(principal, q.agency);
    const from = q.from === undefined ? undefined : new Date(parseRfc3339(q.from));
    const to = q.to === undefined ? undefined : new Date(parseRfc3339(q.to));
    if (from && to && from > to) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'INVALID_TIME_RANGE',
        `from (${q.from}) is after to (${q.to})`,
      );
    }
    const after = q.cursor === undefined ? undefined : decodeRejectionCursor(q.cursor);
    if (after === null) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'INVALID_CURSOR',
        'cursor is not one this API gave: pass the nextCursor of the previous page as it was',
      );
    }
    return this.rejections.page({
      agency,
      from,
      to,
      reasonCode: q.reasonCode,
      limit: q.limit ?? REJECTIONS_DEFAULT_LIMIT,
      after,
    });
  }
}
