import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AgencyVersion } from '../catalogue/catalogue.service';
import { AgenciesService } from './agencies.service';
import { CreateAgencyDto } from './dto/create-agency.dto';

@ApiTags('catalogue')
@Controller('v1/agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Get()
  @ApiOperation({ summary: 'Agencies with their codes, names (vi, en), validity and successors' })
  list(): { data: AgencyVersion[] } {
    return { data: this.agencies.list() };
  }

  @Post()
  @ApiOperation({ summary: 'Add an agency; its dx.agency.<code>.* topics are created and consumed at once' })
  @ApiCreatedResponse({ description: 'The agency and the topics it publishes to.' })
  @ApiConflictResponse({ description: 'The code is taken.' })
  create(@Body() dto: CreateAgencyDto): Promise<AgencyVersion & { topics: string[] }> {
    return this.agencies.create(dto);
  }
}
