import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AddIndicatorVersionDto } from './dto/add-indicator-version.dto';
import { IndicatorAtQueryDto } from './dto/indicator-at-query.dto';
import { IndicatorDefinitionDto } from './dto/indicator-definition.dto';
import { IndicatorDetailViewDto } from './dto/indicator-detail-view.dto';
import { IndicatorListQueryDto } from './dto/indicator-list-query.dto';
import { IndicatorListViewDto } from './dto/indicator-list-view.dto';
import { IndicatorVersionViewDto } from './dto/indicator-version-view.dto';
import { IndicatorVersionsViewDto } from './dto/indicator-versions-view.dto';
import {
  type IndicatorDetailView,
  IndicatorsService,
  type IndicatorVersionView,
  type IndicatorView,
} from './indicators.service';
import { AnonymousReadable, Roles } from '@dxhub/auth';

const CODE_PARAM = { name: 'code', description: 'Indicator code', example: 'FIBRE_HH' };

@ApiTags('catalogue')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token (WWW-Authenticate says what failed).' })
@Controller('v1/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @AnonymousReadable()
  @ApiOperation({
    summary: 'The indicator catalogue: code, names (vi, en), aggregation, period type, targets …, as defined on a date',
  })
  @ApiOkResponse({ type: IndicatorListViewDto, description: 'Every indicator, by code.' })
  @ApiBadRequestResponse({ description: '`at` is not a date or `pillar` not a pillar.' })
  list(@Query() query: IndicatorListQueryDto): { at: string | null; data: IndicatorView[] } {
    return { at: query.at ?? null, data: this.indicators.list(query.at, query.pillar) };
  }

  @Get(':code')
  @AnonymousReadable()
  @ApiOperation({ summary: 'One indicator as defined on a date, with the agency responsible then' })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: IndicatorDetailViewDto })
  @ApiNotFoundResponse({ description: 'Unknown indicator.' })
  one(@Param('code') code: string, @Query() query: IndicatorAtQueryDto): IndicatorDetailView {
    return this.indicators.get(code, query.at);
  }

  @Get(':code/versions')
  @AnonymousReadable()
  @ApiOperation({ summary: 'Every formula version of an indicator, oldest first' })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: IndicatorVersionsViewDto })
  @ApiNotFoundResponse({ description: 'Unknown indicator.' })
  versions(@Param('code') code: string): { code: string; data: IndicatorVersionView[] } {
    return { code, data: this.indicators.versions(code) };
  }

  @Post()
  @Roles('admin', 'programme-office')
  @ApiForbiddenResponse({
    description: 'Rule `role-required`: catalogue changes need the admin or programme-office role.',
  })
  @ApiOperation({ summary: 'Add an indicator; its definition is its first version, in force from the beginning' })
  @ApiCreatedResponse({ type: IndicatorDetailViewDto, description: 'The indicator as stored.' })
  @ApiBadRequestResponse({
    description:
      'The shape is wrong, a rule refuses the definition (e.g. a SUM over %), or the responsible agency is unknown.',
  })
  @ApiConflictResponse({ description: 'The code exists.' })
  create(@Body() dto: IndicatorDefinitionDto): Promise<IndicatorDetailView> {
    return this.indicators.create(dto);
  }

  @Put(':code')
  @Roles('admin', 'programme-office')
  @ApiForbiddenResponse({
    description: 'Rule `role-required`: catalogue changes need the admin or programme-office role.',
  })
  @ApiOperation({ summary: 'Add a formula version in force from effectiveFrom (after the latest version’s)' })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({
    type: IndicatorVersionViewDto,
    description: 'The new version (or the same one again, for a retried request).',
  })
  @ApiBadRequestResponse({
    description:
      'The definition is refused, names another code, or changes the period type or the report shape (RATIO or not).',
  })
  @ApiNotFoundResponse({ description: 'Unknown indicator.' })
  @ApiConflictResponse({ description: 'effectiveFrom is not after the latest version’s.' })
  addVersion(@Param('code') code: string, @Body() dto: AddIndicatorVersionDto): Promise<IndicatorVersionView> {
    return this.indicators.addVersion(code, dto);
  }

  @Delete(':code')
  @Roles('admin', 'programme-office')
  @ApiForbiddenResponse({
    description: 'Rule `role-required`: catalogue changes need the admin or programme-office role.',
  })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete an indicator and its versions; only while no report references it' })
  @ApiParam(CODE_PARAM)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'Unknown indicator.' })
  @ApiConflictResponse({ description: 'Reports reference it; the message says how many.' })
  remove(@Param('code') code: string): Promise<void> {
    return this.indicators.remove(code);
  }
}
