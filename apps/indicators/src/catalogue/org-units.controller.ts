import { isServedDate, SERVED_RANGE_TEXT } from '@dxhub/calendar';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AnonymousReadable } from '@dxhub/auth';

interface OrgUnitView {
  code: string;
  nameVi: string;
  type: string;
  level: number;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
}

@ApiTags('catalogue')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@Controller('v1/org-units')
export class OrgUnitsController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get()
  @AnonymousReadable()
  @ApiOperation({ summary: 'Org units in force on a date (default today), with their parent on that date' })
  @ApiQuery({ name: 'at', required: false, description: 'ISO date, e.g. 2024-12-31' })
  @ApiQuery({ name: 'level', required: false, description: '1 province, 2 district level, 3 commune level' })
  async list(@Query('at') at?: string, @Query('level') level?: string): Promise<{ at: string; data: OrgUnitView[] }> {
    const date = at ?? new Date().toISOString().slice(0, 10);
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
    const data: OrgUnitView[] = await this.dataSource.query(
      `SELECT o.code, o.name_vi AS "nameVi", o.type, o.level, p.code AS "parentCode",
              lower(o.validity)::text AS "validFrom", (upper(o.validity) - 1)::text AS "validTo"
       FROM org_units o
       LEFT JOIN org_unit_edges e ON e.child_id = o.id AND e.validity @> $1::date
       LEFT JOIN org_units p ON p.id = e.parent_id
       WHERE o.validity @> $1::date AND ($2::int IS NULL OR o.level = $2::int)
       ORDER BY o.level, o.code`,
      [date, level === undefined ? null : Number(level)],
    );
    return { at: date, data };
  }
}
