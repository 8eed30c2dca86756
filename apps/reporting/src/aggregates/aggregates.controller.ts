import { Controller, Get, Inject, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AnonymousReadable } from '@dxhub/auth';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { DataSource } from 'typeorm';
import { AggregateView } from './aggregate.view';
import { AggregateQueryDto } from './dto/aggregate-query.dto';

@ApiTags('aggregates')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token (not needed when AUTH_ANONYMOUS_READ=true).' })
@Controller('v1/aggregates')
export class AggregatesController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get()
  @AnonymousReadable()
  @ApiOperation({
    summary: 'The aggregate of an indicator for an org unit (its own and its descendants’ values) and period',
  })
  @ApiOkResponse({ type: AggregateView })
  @ApiNotFoundResponse({ description: 'No value has been reported for it yet.' })
  async one(@Query() query: AggregateQueryDto): Promise<AggregateView> {
    const [row] = await this.dataSource.query(
      `SELECT indicator_code, org_unit_code, org_unit_name, period, aggregation, value::text, numerator::text,
              denominator::text, value_count, version::int, updated_at
       FROM aggregates WHERE indicator_code = $1 AND org_unit_code = $2 AND period = $3`,
      [query.indicator, query.orgUnit, query.period],
    );
    if (!row) {
      throw new DomainException(
        DomainErrorKind.NOT_FOUND,
        'AGGREGATE_NOT_FOUND',
        `no aggregate for indicator ${query.indicator}, org unit ${query.orgUnit}, period ${query.period}`,
      );
    }
    const view: AggregateView = {
      indicatorCode: row.indicator_code,
      orgUnitCode: row.org_unit_code,
      orgUnitName: row.org_unit_name,
      period: row.period,
      aggregation: row.aggregation,
      value: row.value === null ? null : Number(row.value),
      valueCount: row.value_count,
      version: row.version,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
    if (row.aggregation === 'RATIO')
      Object.assign(view, { numerator: Number(row.numerator), denominator: Number(row.denominator) });
    return view;
  }
}
