import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@dxhub/auth';
import { parsePeriod } from '@dxhub/periods';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import type { Response } from 'express';
import { LockPeriodDto } from './dto/lock-period.dto';
import { PeriodLockViewDto } from './dto/period-lock-view.dto';
import { ReopenPeriodDto } from './dto/reopen-period.dto';
import { type PeriodLockView, PeriodLocksService } from './period-locks.service';
import { auditedRequestId } from './request-id';

function periodParam(period: string): string {
  if (!parsePeriod(period)) {
    throw new DomainException(
      DomainErrorKind.INVALID_INPUT,
      'INVALID_PERIOD',
      `period must be in DHIS2 notation (2024, 2024S1, 2024Q3, 202407), got '${period}'`,
    );
  }
  return period;
}

@ApiTags('approval')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@Controller('v1/period-locks')
export class PeriodLocksController {
  constructor(private readonly locks: PeriodLocksService) {}

  @Get(':period')
  @ApiParam({ name: 'period', example: '2025S1' })
  @ApiOperation({
    summary:
      'Whether a period takes reports: its closing rule (PERIOD_CLOSING_RULES), last reporting day, manual locks and re-openings',
  })
  @ApiOkResponse({ type: PeriodLockViewDto })
  @ApiBadRequestResponse({ description: 'The period is not in DHIS2 notation.' })
  status(@Param('period') period: string): Promise<PeriodLockView> {
    return this.locks.status(periodParam(period));
  }

  @Post(':period/reopenings')
  @Roles('programme-office')
  @ApiParam({ name: 'period', example: '2025S1' })
  @ApiOperation({
    summary: 'Re-open a closed period until a time, with a reason (audited)',
    description:
      'Reports for the period are accepted again until `openUntil`, or until a manual lock ends the re-opening; after it, the period is closed again.',
  })
  @ApiCreatedResponse({ type: PeriodLockViewDto })
  @ApiBadRequestResponse({
    description: 'No reason, or `openUntil` is not a future time within 366 days (REOPEN_UNTIL_INVALID).',
  })
  @ApiForbiddenResponse({ description: 'Rule `role-required`: needs the programme-office role.' })
  @ApiConflictResponse({
    description: 'PERIOD_NOT_CLOSED: neither its closing rule nor a manual lock has closed the period.',
  })
  reopen(
    @CurrentPrincipal() principal: Principal,
    @Param('period') period: string,
    @Body() dto: ReopenPeriodDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PeriodLockView> {
    return this.locks.reopen(periodParam(period), dto, principal, auditedRequestId(res));
  }

  @Post(':period/locks')
  @Roles('programme-office')
  @ApiParam({ name: 'period', example: '2025S1' })
  @ApiOperation({
    summary: 'Lock a period by hand, with a reason (audited)',
    description:
      'Reports for the period received from now on are refused (PERIOD_LOCKED), whatever its closing rule says; ' +
      're-openings granted before the lock end with it. The programme office can re-open the period afterwards.',
  })
  @ApiCreatedResponse({ type: PeriodLockViewDto })
  @ApiBadRequestResponse({ description: 'No reason, a blank one, or one over 500 characters; or a malformed period.' })
  @ApiForbiddenResponse({ description: 'Rule `role-required`: needs the programme-office role.' })
  @ApiConflictResponse({
    description: 'PERIOD_ALREADY_LOCKED: the period already refuses reports (closed, and no re-opening holds).',
  })
  lock(
    @CurrentPrincipal() principal: Principal,
    @Param('period') period: string,
    @Body() dto: LockPeriodDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PeriodLockView> {
    return this.locks.lock(periodParam(period), dto, principal, auditedRequestId(res));
  }
}
