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
import { HistoryQueryDto } from './dto/history-query.dto';
import { HistoryViewDto } from './dto/history-view.dto';
import { type History, IndicatorHistoryService } from './indicator-history.service';

@ApiTags('history')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token; any role may read the history.' })
@Controller('v1/indicator-values')
export class IndicatorHistoryController {
  constructor(private readonly history: IndicatorHistoryService) {}

  @Get('history')
  @ApiOperation({
    summary:
      'Every accepted report of one cell (indicator, org unit, period), newest first: who reported what, when, and what it replaced',
  })
  @ApiOkResponse({ type: HistoryViewDto })
  @ApiBadRequestResponse({ description: 'A parameter is malformed, or the cursor is not from this cell.' })
  @ApiNotFoundResponse({ description: 'Unknown indicator, or no such org unit at the end of the period.' })
  list(@Query() query: HistoryQueryDto): Promise<History> {
    return this.history.history(query.indicator, query.orgUnit, query.period, query.limit, query.cursor);
  }
}
