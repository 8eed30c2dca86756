import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { HistoryQueryDto } from '../history/dto/history-query.dto';
import { AggregateExplainService, type Explanation } from './aggregate-explain.service';
import { ExplanationViewDto } from './dto/explanation-view.dto';

@ApiTags('aggregates')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token; any role may read an explanation.' })
@Controller('v1/aggregates')
export class AggregateExplainController {
  constructor(private readonly explainer: AggregateExplainService) {}

  @Get('explain')
  @ApiOperation({
    summary: 'How an aggregate was built: the org unit’s own figure, each child’s, and the reports under it (paged)',
    description:
      'For a reported period the reports are the current values of the org unit and every unit below it in the ' +
      'hierarchy of the period’s last day; for a quarter, half-year or year, the sub-period values of each unit ' +
      'whose figure counts toward it, with `counted: false` where the rule over time passes one over (LAST).',
  })
  @ApiOkResponse({ type: ExplanationViewDto })
  @ApiBadRequestResponse({ description: 'A parameter is malformed, or the cursor is not one this endpoint returned.' })
  @ApiNotFoundResponse({
    description: 'Unknown indicator, no such org unit at the end of the period, or nothing reported.',
  })
  explain(@Query() query: HistoryQueryDto): Promise<Explanation> {
    return this.explainer.explain(query.indicator, query.orgUnit, query.period, query.limit, query.cursor);
  }
}
