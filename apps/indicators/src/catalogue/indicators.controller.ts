import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { CatalogueService } from './catalogue.service';
import type { IndicatorDefinition } from './indicator-definition';

@ApiTags('catalogue')
@Controller('v1/indicators')
export class IndicatorsController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  @ApiOperation({ summary: 'The indicator catalogue: code, names (vi, en), aggregation, period type, targets …' })
  @ApiOkResponse({ description: 'Every indicator, by code.' })
  list(): { data: IndicatorDefinition[] } {
    return { data: this.catalogue.allIndicators().map((i) => this.present(i.code)) };
  }

  @Get(':code')
  @ApiOperation({ summary: 'One indicator' })
  one(@Param('code') code: string): IndicatorDefinition {
    return this.present(code);
  }

  private present(code: string): IndicatorDefinition {
    const indicator = this.catalogue.indicator(code);
    if (!indicator) throw new DomainException(DomainErrorKind.NOT_FOUND, 'INDICATOR_NOT_FOUND', `unknown indicator '${code}'`);
    return { ...indicator.definition, orgUnitAggregation: indicator.orgUnitAggregation };
  }
}
