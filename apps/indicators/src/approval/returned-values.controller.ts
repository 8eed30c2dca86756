import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@dxhub/auth';
import { ApprovalPageViewDto } from './dto/approval-page-view.dto';
import { ReturnedValuesQueryDto } from './dto/returned-values-query.dto';
import { type ApprovalPage, ValueApprovalService } from './value-approval.service';

@ApiTags('approval')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@Controller('v1/indicator-values/returned')
export class ReturnedValuesController {
  constructor(private readonly approval: ValueApprovalService) {}

  @Get()
  @Roles('reporter')
  @ApiOperation({
    summary: 'The values the caller’s agency reported that their approvers returned: what it has to correct (paged)',
    description:
      'Each cell carries the approver’s reason (`approvalReason`), who returned it and when. A corrected value is a new ' +
      'report (REST, Kafka or a spreadsheet), pending again, and leaves this list.',
  })
  @ApiOkResponse({ type: ApprovalPageViewDto })
  @ApiBadRequestResponse({ description: 'A parameter is malformed, or the cursor is not one this endpoint returned.' })
  @ApiForbiddenResponse({ description: 'Rule `role-required`: needs the reporter role.' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ReturnedValuesQueryDto): Promise<ApprovalPage> {
    return this.approval.returnedTo(principal.agency, query);
  }
}
