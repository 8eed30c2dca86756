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
    description:
      'The reporting figures are the indicators service’s (`GET /v1/obligations/completeness`, projected from ' +
      '`dx.obligation.progress-updated`), summed per owing agency (after successions) over the obligation periods ' +
      'inside the period: those of its own type and finer (a quarter counts its three months of a monthly ' +
      'obligation). `expectedReports`: indicators × reporting org units owed; `receivedReports`: those whose first ' +
      'report arrived; `onTimeReports`: those whose first report arrived (Vietnamese date) by the obligation ' +
      'period’s due day. completeness = receivedReports / expectedReports and timeliness = onTimeReports / ' +
      'expectedReports, as sums over sums (never a mean of ratios), fractions from 0 to 1; null when nothing is ' +
      'expected. Only obligation periods the indicators service has counted are summed: those with a report, and ' +
      'those its scheduler opened. The task figures come from dx.tasks.events.',
  })
  @ApiOkResponse({ description: 'One row per agency: owing reports in the period, leading tasks, or both' })
  forPeriod(@Query() query: AgencyPerformanceQueryDto): Promise<AgencyPerformance[]> {
    return this.performance.forPeriod(query.period);
  }
}
