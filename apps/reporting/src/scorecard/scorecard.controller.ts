import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnonymousReadable } from '@dxhub/auth';
import { LeagueTableQueryDto, ProjectionQueryDto, ScorecardQueryDto } from './dto/scorecard-query.dto';
import type { Scorecard } from './scorecard.builder';
import { type IndicatorProjection, type LeagueTable, ScorecardService } from './scorecard.service';

@ApiTags('scorecards')
@ApiBearerAuth()
@Controller('v1')
export class ScorecardController {
  constructor(private readonly scorecards: ScorecardService) {}

  @Get('scorecard')
  @AnonymousReadable()
  @ApiOperation({
    summary: 'Scorecard of an org unit for a period, laid out as the provincial DTI',
    description:
      'Every indicator (value, target, national average, achievement capped at 120 %, status on-track / within-tolerance / ' +
      'off-track, trend over the four earlier periods), main-index, pillar and overall scores. Achievement, status and the ' +
      'judged target are the indicators service’s standing of the line’s figure (`standingVersion` = `version`); while the ' +
      'standing lags the figure, the line shows the target on the path, no achievement and status awaiting-judgement; ' +
      'no-data: no value; no-target: no path for the period. ' +
      'The scores are the indicators service’s (dx.dti-score.updated) for the unit and period: null, with coverage 0, until it has published some.',
  })
  @ApiOkResponse({ description: 'The scorecard' })
  scorecard(@Query() query: ScorecardQueryDto): Promise<Scorecard> {
    return this.scorecards.scorecard(query.orgUnit, query.period);
  }

  @Get('league-table')
  @AnonymousReadable()
  @ApiOperation({
    summary: 'Units ranked by an indicator, a main index, a pillar or the overall score (ties share a rank)',
    description:
      'Index, pillar and overall scores are the ones the indicators service published; a unit without one is unranked.',
  })
  @ApiOkResponse({ description: 'The ranked units' })
  leagueTable(@Query() query: LeagueTableQueryDto): Promise<LeagueTable> {
    return this.scorecards.leagueTable(query);
  }

  @Get('periods')
  @AnonymousReadable()
  @ApiOperation({ summary: 'Every period with figures, newest first' })
  @ApiOkResponse({ description: 'Period ids in DHIS2 notation' })
  periods(): Promise<string[]> {
    return this.scorecards.periods();
  }

  @Get('projections')
  @AnonymousReadable()
  @ApiOperation({
    summary:
      'At the current pace (a straight line through the observed periods), when each 2025 and 2030 target is met, or by how much it is missed',
  })
  @ApiOkResponse({ description: 'One entry per indicator with targets' })
  projections(@Query() query: ProjectionQueryDto): Promise<IndicatorProjection[]> {
    return this.scorecards.projections(query.orgUnit);
  }
}
