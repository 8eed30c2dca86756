import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnonymousReadable } from '@dxhub/auth';
import { type AgencyPerformance, AgencyPerformanceService } from './agency-performance.service';
import { AgencyPerformanceQueryDto } from './dto/agency-performance-query.dto';

@ApiTags('agency performance')
@ApiBearerAuth()
@Controller('v1/agency-performance')
export class AgencyPerformanceController {
  constructor(private readonly performance: AgencyPerformanceService) {}

  @Get()
  @AnonymousReadable()
  @ApiOperation({
    summary:
      'Per agency: reporting completeness and timeliness for a period (least complete first), and its tasks: on time, overdue, returned',
  })
  @ApiOkResponse({ description: 'One row per agency' })
  forPeriod(@Query() query: AgencyPerformanceQueryDto): Promise<AgencyPerformance[]> {
    return this.performance.forPeriod(query.period);
  }
}
