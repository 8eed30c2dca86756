import { Controller, Get, Query } from '@nestjs/common';
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
import { AggregateView } from './aggregate.view';
import { AggregatesRepository } from './aggregates.repository';
import { AggregateQueryDto } from './dto/aggregate-query.dto';

@ApiTags('aggregates')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token (not needed when AUTH_ANONYMOUS_READ=true).' })
@Controller('v1/aggregates')
export class AggregatesController {
  constructor(private readonly aggregates: AggregatesRepository) {}

  @Get()
  @AnonymousReadable()
  @ApiOperation({
    summary: 'The aggregate of an indicator for an org unit (its own and its descendants’ values) and period',
  })
  @ApiOkResponse({ type: AggregateView })
  @ApiNotFoundResponse({ description: 'No value has been reported for it yet.' })
  async one(@Query() query: AggregateQueryDto): Promise<AggregateView> {
    const row = await this.aggregates.find(query.indicator, query.orgUnit, query.period);
    if (!row) {
      throw new DomainException(
        DomainErrorKind.NOT_FOUND,
        'AGGREGATE_NOT_FOUND',
        `no aggregate for indicator ${query.indicator}, org unit ${query.orgUnit}, period ${query.period}`,
      );
    }
    const view: AggregateView = {
      indicatorCode: row.indicatorCode,
      orgUnitCode: row.orgUnitCode,
      orgUnitName: row.orgUnitName,
      period: row.period,
      aggregation: row.aggregation,
      value: row.value,
      valueCount: row.valueCount,
      version: row.version,
      updatedAt: row.updatedAt,
    };
    // Number(null) is 0: a RATIO without numerator or denominator has always answered 0 for it.
    if (row.aggregation === 'RATIO')
      Object.assign(view, { numerator: Number(row.numerator), denominator: Number(row.denominator) });
    return view;
  }
}
