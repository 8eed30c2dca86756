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
import { ScoresQueryDto } from './dto/scores-query.dto';
import { ScoresViewDto } from './dto/scores-view.dto';
import { StandingsQueryDto } from './dto/standings-query.dto';
import { StandingsViewDto } from './dto/standings-view.dto';
import { type AggregateStandings, type OrgUnitScores, TargetsService } from './targets.service';

@ApiTags('targets')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token; any role may read targets and scores.' })
@Controller('v1')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Get('aggregates/status')
  @ApiOperation({
    summary: 'Where an org unit’s aggregates for a period stand against their target paths',
    description:
      'For each aggregate with a value and a target: the target path’s value at the period’s last day, the ' +
      '`achievement` (percent, direction-aware, capped at 120) and the `targetStatus` (on-track, ' +
      'within-tolerance, off-track). Narrow with `indicator` or `targetStatus`.',
  })
  @ApiOkResponse({ type: StandingsViewDto })
  @ApiBadRequestResponse({ description: 'A parameter is malformed.' })
  @ApiNotFoundResponse({ description: 'Unknown indicator, or no such org unit at the end of the period.' })
  standings(@Query() query: StandingsQueryDto): Promise<AggregateStandings> {
    return this.targets.standings(query.orgUnit, query.period, query.indicator, query.targetStatus);
  }

  @Get('scores')
  @ApiOperation({
    summary: 'DTI-style scores of an org unit for a year: overall, pillars and main indexes',
    description:
      'Achievements of the org unit’s yearly aggregates (each capped at 100 %) averaged per main index, weighted ' +
      'by the index points of the provincial DTI framework in force for the year (named in `framework`).',
  })
  @ApiOkResponse({ type: ScoresViewDto })
  @ApiBadRequestResponse({ description: 'A parameter is malformed.' })
  @ApiNotFoundResponse({ description: 'No such org unit at the end of the period, or no scores for it.' })
  scores(@Query() query: ScoresQueryDto): Promise<OrgUnitScores> {
    return this.targets.scores(query.orgUnit, query.period);
  }
}
