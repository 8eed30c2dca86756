import { Clock, isServedDate, SERVED_RANGE_TEXT } from '@dxhub/calendar';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { AnonymousReadable } from '@dxhub/auth';
import { type OrgUnitInForce, OrgUnitsRepository } from './org-units.repository';

type OrgUnitView = OrgUnitInForce;

@ApiTags('catalogue')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@Controller('v1/org-units')
export class OrgUnitsController {
  constructor(
    private readonly orgUnits: OrgUnitsRepository,
    private readonly clock: Clock,
  ) {}

  @Get()
  @AnonymousReadable()
  @ApiOperation({ summary: 'Org units in force on a date (default today), with their parent on that date' })
  @ApiQuery({ name: 'at', required: false, description: 'ISO date, e.g. 2024-12-31' })
  @ApiQuery({ name: 'level', required: false, description: '1 province, 2 district level, 3 commune level' })
  async list(@Query('at') at?: string, @Query('level') level?: string): Promise<{ at: string; data: OrgUnitView[] }> {
    const date = at ?? this.clock.now().toISOString().slice(0, 10);
    if (!isServedDate(date)) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'INVALID_DATE',
        `at must be an ISO date (YYYY-MM-DD) ${SERVED_RANGE_TEXT}, got '${date}'`,
      );
    }
    if (level !== undefined && !/^[123]$/.test(level)) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'INVALID_LEVEL',
        `level must be 1, 2 or 3, got '${level}'`,
      );
    }
    const data = await this.orgUnits.inForceOn(date, level === undefined ? null : Number(level));
    return { at: date, data };
  }
}
