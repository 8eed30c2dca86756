import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgenciesService, type AgencyView } from './agencies.service';
import { AgencyListViewDto } from './dto/agency-list-view.dto';
import { AgencyQueryDto } from './dto/agency-query.dto';
import { CreateAgencyDto } from './dto/create-agency.dto';
import { CreatedAgencyViewDto } from './dto/created-agency-view.dto';

@ApiTags('catalogue')
@Controller('v1/agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Get()
  @ApiOperation({ summary: 'Agencies with their codes, names (vi, en), validity, successors and predecessors; those in force on a date with ?at=' })
  @ApiOkResponse({ type: AgencyListViewDto })
  @ApiBadRequestResponse({ description: '`at` is not a date.' })
  list(@Query() query: AgencyQueryDto): { at: string | null; data: AgencyView[] } {
    return { at: query.at ?? null, data: this.agencies.list(query.at) };
  }

  @Post()
  @ApiOperation({ summary: 'Add an agency; its dx.agency.<code>.* topics are created and consumed at once' })
  @ApiCreatedResponse({ type: CreatedAgencyViewDto, description: 'The agency and the topics it publishes to.' })
  @ApiBadRequestResponse({ description: 'The body is invalid.' })
  @ApiConflictResponse({ description: 'The code is taken.' })
  create(@Body() dto: CreateAgencyDto): Promise<AgencyView & { topics: string[] }> {
    return this.agencies.create(dto);
  }
}
