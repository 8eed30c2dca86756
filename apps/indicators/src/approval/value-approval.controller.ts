import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@dxhub/auth';
import type { Response } from 'express';
import { ApprovalDecisionViewDto } from './dto/approval-decision-view.dto';
import { ApprovalPageViewDto } from './dto/approval-page-view.dto';
import { ApprovalQueryDto } from './dto/approval-query.dto';
import { ApproveValuesDto } from './dto/approve-values.dto';
import { ReturnValuesDto } from './dto/return-values.dto';
import { auditedRequestId } from './request-id';
import { type ApprovalDecision, type ApprovalPage, ValueApprovalService } from './value-approval.service';

const DECISION_NOTE =
  'Needs the **approver** role, for the agency that approves every cell (rule `approver-approves-own`: the indicator’s ' +
  '`approvingAgency`, else the programme office, followed along successions; 403 otherwise). All cells change or none: ' +
  '**404** a cell has no value, **409 VALUE_CHANGED_SINCE_SEEN** a cell’s value is another report than the `reportId` sent ' +
  '(`details.changed` lists them with `currentReportId`) — nobody approves a value they did not see. Audited per cell.';

@ApiTags('approval')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@Controller('v1/indicator-values/approvals')
export class ValueApprovalController {
  constructor(private readonly approval: ValueApprovalService) {}

  @Get()
  @Roles('approver')
  @ApiOperation({
    summary:
      'The cells the caller’s agency approves, in one state (default pending), by indicator, period and org unit (paged)',
    description:
      'Each cell shows its current value and `reportId`, the version to send back when approving or returning it.',
  })
  @ApiOkResponse({ type: ApprovalPageViewDto })
  @ApiBadRequestResponse({ description: 'A parameter is malformed, or the cursor is not one this endpoint returned.' })
  @ApiForbiddenResponse({ description: 'Rule `role-required`: needs the approver role.' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ApprovalQueryDto): Promise<ApprovalPage> {
    return this.approval.list(principal.agency, query);
  }

  @Post('approve')
  @Roles('approver')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Approve cells as seen (batch)',
    description: `${DECISION_NOTE} A returned cell needs a corrected report first (409).`,
  })
  @ApiOkResponse({ type: ApprovalDecisionViewDto })
  @ApiBadRequestResponse({ description: 'The body is invalid.' })
  @ApiForbiddenResponse({ description: 'Rule `role-required` or `approver-approves-own`.' })
  @ApiNotFoundResponse({
    description: 'VALUE_NOT_FOUND: a cell has no value, or no such org unit at the end of the period.',
  })
  @ApiConflictResponse({
    description: 'VALUE_CHANGED_SINCE_SEEN, or VALUE_NOT_AWAITING_APPROVAL (returned, awaiting a correction).',
  })
  approve(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: ApproveValuesDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ApprovalDecision> {
    return this.approval.approve(principal, dto.cells, auditedRequestId(res));
  }

  @Post('return')
  @Roles('approver')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Return cells to their reporting agency with a reason (batch)',
    description: `${DECISION_NOTE} The reason is mandatory (**400 RETURN_REASON_REQUIRED**). A new report for a returned cell puts it back to pending.`,
  })
  @ApiOkResponse({ type: ApprovalDecisionViewDto })
  @ApiBadRequestResponse({ description: 'RETURN_REASON_REQUIRED, or the body is otherwise invalid.' })
  @ApiForbiddenResponse({ description: 'Rule `role-required` or `approver-approves-own`.' })
  @ApiNotFoundResponse({ description: 'VALUE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'VALUE_CHANGED_SINCE_SEEN' })
  returnToAgency(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: ReturnValuesDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ApprovalDecision> {
    return this.approval.returnToAgency(principal, dto.cells, dto.reason, auditedRequestId(res));
  }
}
