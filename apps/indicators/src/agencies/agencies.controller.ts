import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AgenciesService, type AgencyView } from './agencies.service';
import { AgencyListViewDto } from './dto/agency-list-view.dto';
import { AgencyQueryDto } from './dto/agency-query.dto';
import { CreateAgencyDto } from './dto/create-agency.dto';
import { CreatedAgencyViewDto } from './dto/created-agency-view.dto';
import { AnonymousReadable, Roles } from '@dxhub/auth';

@ApiTags('catalogue')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@Controller('v1/agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Get()
  @AnonymousReadable()
  @ApiOperation({
    summary:
      'Agencies with their codes, names (vi, en), validity, successors and predecessors; those in force on a date with ?at=',
  })
  @ApiOkResponse({ type: AgencyListViewDto })
  @ApiBadRequestResponse({ description: '`at` is not a date.' })
  list(@Query() query: AgencyQueryDto): { at: string | null; data: AgencyView[] } {
    return { at: query.at ?? null, data: this.agencies.list(query.at) };
  }

  @Post()
  @Roles('admin', 'programme-office')
  @ApiForbiddenResponse({
    description: 'Rule `role-required`: catalogue changes need the admin or programme-office role.',
  })
  @ApiOperation({ summary: 'Add an agency; its dx.agency.<code>.* topics are created and consumed at once' })
  @ApiCreatedResponse({ type: CreatedAgencyViewDto, description: 'The agency and the topics it publishes to.' })
  @ApiBadRequestResponse({ description: 'The body is invalid.' })
  @ApiConflictResponse({ description: 'The code is taken.' })
  create(@Body() dto: CreateAgencyDto): Promise<AgencyView & { topics: string[] }> {
    return this.agencies.create(dto);
  }
}
