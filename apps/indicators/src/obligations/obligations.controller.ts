import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '@dxhub/auth';
import { CompletenessQueryDto } from './dto/completeness-query.dto';
import { CompletenessViewDto } from './dto/completeness-view.dto';
import { CreateObligationDto } from './dto/create-obligation.dto';
import { ObligationPeriodQueryDto } from './dto/obligation-period-query.dto';
import { ObligationWithPeriodViewDto } from './dto/obligation-period-view.dto';
import { ObligationQueryDto } from './dto/obligation-query.dto';
import { ObligationListViewDto, ObligationViewDto } from './dto/obligation-view.dto';
import type { Obligation } from './obligation';
import type { PeriodSchedule } from './obligation-schedule';
import { type CompletenessView, ObligationsService } from './obligations.service';
import { countReports, missingOrgUnitCodes, type ReportCounts } from './report-counts';

/** One period of an obligation as GET /v1/obligations/:code?period= shows it. */
export interface ObligationPeriodView extends PeriodSchedule, ReportCounts {
  period: string;
  /** The agency owing the period (a successor after a merger), or null with `reason`. */
  agency: string | null;
  reason?: string;
  missingOrgUnitCodes: string[];
}

@ApiTags('obligations')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description: 'No valid bearer token; any role may read obligations and their completeness.',
})
@Controller('v1/obligations')
export class ObligationsController {
  constructor(private readonly obligations: ObligationsService) {}

  @Get()
  @ApiOperation({
    summary: 'Reporting obligations (data sets): agency, indicators, org units, period type and due rule',
  })
  @ApiOkResponse({ type: ObligationListViewDto })
  @ApiBadRequestResponse({ description: 'A filter is malformed.' })
  async list(@Query() query: ObligationQueryDto): Promise<{ data: Obligation[] }> {
    return { data: await this.obligations.list(query) };
  }

  @Get('completeness')
  @ApiOperation({
    summary:
      'Completeness (received / expected) and timeliness (on time / expected) of the reports owed for an org unit and period',
    description:
      'Counts every report the obligations expect for the org unit and each unit under it in the hierarchy of each ' +
      'period’s last day, for the period and, for finer obligations, its sub-periods. A report is received when the ' +
      'first report for its cell arrived (indicator_reports), on time when that was on or before the due day (dates in ' +
      'Asia/Ho_Chi_Minh). The ratios are sums over sums (never a mean of the children’s ratios), given to 10 decimals ' +
      'as strings. `agency` keeps the reports that agency owes (a successor owes its predecessor’s periods after a merger).',
  })
  @ApiOkResponse({ type: CompletenessViewDto })
  @ApiBadRequestResponse({
    description: 'A parameter is malformed, the org unit does not exist at the period’s end, or the agency is unknown.',
  })
  @ApiNotFoundResponse({ description: 'The obligation named does not exist.' })
  completeness(@Query() query: CompletenessQueryDto): Promise<CompletenessView> {
    return this.obligations.completeness(query);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One obligation; with ?period= also that period’s owing agency, days and reports received' })
  @ApiOkResponse({ type: ObligationWithPeriodViewDto })
  @ApiBadRequestResponse({ description: 'The period is malformed or of another period type.' })
  @ApiNotFoundResponse({ description: 'No such obligation.' })
  async get(
    @Param('code') code: string,
    @Query() query: ObligationPeriodQueryDto,
  ): Promise<Obligation & { period?: ObligationPeriodView }> {
    const obligation = await this.obligations.get(code);
    if (!query.period) return obligation;
    const p = await this.obligations.obligationPeriod(obligation, query.period);
    return {
      ...obligation,
      period: {
        period: p.period.id,
        agency: p.owing.found ? p.owing.agency.code : null,
        ...(p.owing.found ? {} : { reason: p.owing.reason }),
        ...p.schedule,
        ...countReports(p.reports),
        missingOrgUnitCodes: missingOrgUnitCodes(p.reports),
      },
    };
  }

  @Post()
  @Roles('admin', 'programme-office')
  @ApiForbiddenResponse({
    description: 'Rule `role-required`: defining obligations needs the admin or programme-office role.',
  })
  @ApiOperation({ summary: 'Define a reporting obligation' })
  @ApiCreatedResponse({ type: ObligationViewDto, description: 'The obligation as stored.' })
  @ApiBadRequestResponse({
    description:
      'The body is invalid, or names an unknown agency, indicator or org unit, or an indicator of another period type.',
  })
  @ApiConflictResponse({ description: 'The code is taken.' })
  create(@Body() dto: CreateObligationDto): Promise<Obligation> {
    return this.obligations.create(dto);
  }
}
