import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AnonymousReadable } from '@dxhub/auth';
import { type AggregateViewResult, AggregateViewsService } from './aggregate-views.service';
import { AggregateViewQueryDto } from './dto/aggregate-view-query.dto';
import { AggregateViewDto } from './dto/aggregate-view.dto';

@ApiTags('aggregates')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token (not needed when AUTH_ANONYMOUS_READ=true).' })
@Controller('v1/aggregates')
export class AggregateViewsController {
  constructor(private readonly views: AggregateViewsService) {}

  @Get()
  @AnonymousReadable()
  @ApiOperation({
    summary: 'An aggregate computed from the stored values, in the view asked for',
    description:
      'By default the current values (pending ones included) over the hierarchy of the period — the stored aggregate. ' +
      '`status=approved` counts approved values only; `view=first-published` each cell’s first report; `asOf` what ' +
      'was known at a time (both list the corrections since); `hierarchy=restated` reads a period before the 2025 ' +
      'reform onto today’s units. The response names its view (`view`, `asOf`, `status`, `hierarchy`).',
  })
  @ApiOkResponse({ type: AggregateViewDto })
  @ApiBadRequestResponse({ description: 'A parameter is malformed or unknown, or parameters that do not combine.' })
  @ApiNotFoundResponse({ description: 'Unknown indicator or org unit, or no value counts toward it in this view.' })
  @ApiConflictResponse({ description: 'hierarchy=restated through a unit split between the unit read and another.' })
  read(@Query() query: AggregateViewQueryDto): Promise<AggregateViewResult> {
    return this.views.read(query);
  }
}
